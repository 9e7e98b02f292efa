package io.cinemix.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * The upstream call budget is spent (our own daily budget, or the upstream said its limit was reached). No upstream
 * call is made until it resets; {@link #retryAfter()} says when, when known.
 */
public final class UpstreamQuotaExhaustedException extends CinemixException {
    private final Duration retryAfter;

    public UpstreamQuotaExhaustedException(String message) {
        this(message, null);
    }

    public UpstreamQuotaExhaustedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
