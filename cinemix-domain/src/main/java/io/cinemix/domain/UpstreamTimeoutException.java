package io.cinemix.domain;

/** The upstream catalog did not answer in time. */
public final class UpstreamTimeoutException extends CinemixException {
    public UpstreamTimeoutException(String message) {
        super(message);
    }

    public UpstreamTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
