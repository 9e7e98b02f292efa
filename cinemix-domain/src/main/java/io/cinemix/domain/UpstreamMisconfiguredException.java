package io.cinemix.domain;

/** The upstream refuses our credentials (missing, invalid or not activated key). An operator must act. */
public final class UpstreamMisconfiguredException extends CinemixException {
    public UpstreamMisconfiguredException(String message) {
        super(message);
    }
}
