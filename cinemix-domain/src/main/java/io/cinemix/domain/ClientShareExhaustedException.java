package io.cinemix.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * The client has caused as many upstream calls today as its share allows: no upstream call is made for it until the
 * share resets ({@link #retryAfter()}, the next UTC midnight); what is cached is still served to it.
 */
public final class ClientShareExhaustedException extends CinemixException {
    private final Duration retryAfter;

    public ClientShareExhaustedException(Duration retryAfter) {
        super("Your share of the movie catalog is used up for today; titles already cached are still served. "
                + "Retry after the next UTC midnight.");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
