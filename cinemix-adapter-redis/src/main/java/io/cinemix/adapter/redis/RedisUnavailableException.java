package io.cinemix.adapter.redis;

/**
 * Redis could not be reached or refused the connection at startup (see {@link RedisConnection#open}). The message
 * names the host and port and never carries a password, so it is safe to log as is.
 */
public final class RedisUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
