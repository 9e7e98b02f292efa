package io.cinemix.domain;

/** The upstream catalog failed or answered something unusable (5xx, garbage, dropped connection, open circuit). */
public final class UpstreamUnavailableException extends CinemixException {
    public UpstreamUnavailableException(String message) {
        super(message);
    }

    public UpstreamUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
