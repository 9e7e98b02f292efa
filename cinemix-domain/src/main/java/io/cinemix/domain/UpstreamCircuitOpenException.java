package io.cinemix.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The upstream failed repeatedly, so calls to it are suspended (its circuit is open): no call is made, no quota spent.
 * {@link #retryAfter()} says when the next probe may go through.
 */
public final class UpstreamCircuitOpenException extends CinemixException {
    private final Duration retryAfter;

    public UpstreamCircuitOpenException(Duration retryAfter) {
        super("The movie catalog is failing; calls to it are paused for a moment.");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
