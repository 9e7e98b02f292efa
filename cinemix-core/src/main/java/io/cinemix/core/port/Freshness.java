package io.cinemix.core.port;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an answer may be reused, from the cache entry it came from (for {@code Cache-Control} and {@code Age}).
 *
 * @param left                 how long the answer stays fresh: the entry's time to live minus what it is kept stale;
 *                             zero when stale
 * @param age                  how long ago the entry was stored
 * @param staleIfError         the grace ({@code CACHE_GRACE}): how long past {@code left} a copy may be served when the
 *                             origin fails; zero when there is none
 * @param staleWhileRevalidate how long past {@code left} a copy may be served while it is refreshed in the background
 *                             ({@code CACHE_STALE_WHILE_REVALIDATE}; for a copy already stale, the window's time
 *                             left); zero when there is none
 */
public record Freshness(Duration left, Duration age, Duration staleIfError, Duration staleWhileRevalidate) {
    /** Nothing known: not to be reused. */
    public static final Freshness NONE = new Freshness(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Freshness {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(staleIfError, "staleIfError");
        Objects.requireNonNull(staleWhileRevalidate, "staleWhileRevalidate");
        if (left.isNegative() || age.isNegative() || staleIfError.isNegative() || staleWhileRevalidate.isNegative()) {
            throw new IllegalArgumentException("Freshness durations must not be negative.");
        }
    }

    /** A freshness without a stale-while-revalidate window. */
    public Freshness(Duration left, Duration age, Duration staleIfError) {
        this(left, age, staleIfError, Duration.ZERO);
    }
}
