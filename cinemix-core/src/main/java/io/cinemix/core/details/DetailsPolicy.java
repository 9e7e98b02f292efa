package io.cinemix.core.details;

import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.MovieLookup;

import java.time.Duration;
import java.util.Objects;

/**
 * How long details are kept and trusted: fresh for {@code ttl}; then, for {@code staleWhileRevalidate}, served at once
 * while one background refresh runs (RFC 5861); kept {@code grace} past {@code ttl} to be served when the upstream
 * cannot be used; and ids the upstream does not know remembered for {@code negativeTtl} (zero: never).
 *
 * <p>Everything is read from an entry's time to live in the cache: an entry is stored for
 * {@code ttl + max(grace, staleWhileRevalidate)}, so the time it has left says how old it is.
 */
public record DetailsPolicy(Duration ttl, Duration grace, Duration negativeTtl, Duration staleWhileRevalidate) {
    public DetailsPolicy {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        Objects.requireNonNull(staleWhileRevalidate, "staleWhileRevalidate");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("The cache TTL must be positive, got " + ttl + ".");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("The cache grace must not be negative, got " + grace + ".");
        }
        if (negativeTtl.isNegative()) {
            throw new IllegalArgumentException("The negative cache TTL must not be negative, got " + negativeTtl + ".");
        }
        if (staleWhileRevalidate.isNegative()) {
            throw new IllegalArgumentException("The stale-while-revalidate window must not be negative, got "
                    + staleWhileRevalidate + ".");
        }
    }

    /** A policy without stale-while-revalidate. */
    public DetailsPolicy(Duration ttl, Duration grace, Duration negativeTtl) {
        this(ttl, grace, negativeTtl, Duration.ZERO);
    }

    /**
     * How long past {@code ttl} an entry is kept: the longer of the grace and the stale-while-revalidate window. An
     * entry with at most this much time to live is not fresh.
     */
    public Duration keptStale() {
        return grace.compareTo(staleWhileRevalidate) >= 0 ? grace : staleWhileRevalidate;
    }

    /** How long a details entry is stored: {@code ttl + max(grace, staleWhileRevalidate)}. */
    public Duration storedFor() {
        return ttl.plus(keptStale());
    }

    /**
     * Whether an entry with {@code timeToLive} left is fresh. When nothing is kept stale, every entry the cache
     * returns is.
     */
    public boolean isFresh(Duration timeToLive) {
        return keptStale().isZero() || timeToLive.compareTo(keptStale()) > 0;
    }

    /**
     * Whether an entry with {@code timeToLive} left is past its freshness but within the stale-while-revalidate
     * window: answered at once while it is refreshed in the background.
     */
    public boolean revalidatesInBackground(Duration timeToLive) {
        return !isFresh(timeToLive) && timeToLive.compareTo(keptStale().minus(staleWhileRevalidate)) > 0;
    }

    /**
     * The freshness of an entry with {@code timeToLive} left: fresh for what exceeds {@link #keptStale()}, stored
     * {@code storedFor() - timeToLive} ago, and servable while revalidated for what is left of the window (the whole
     * window while fresh); all at least zero.
     */
    public Freshness freshness(Duration timeToLive) {
        Duration left = timeToLive.minus(keptStale());
        Duration age = storedFor().minus(timeToLive);
        Duration windowLeft = timeToLive.minus(keptStale().minus(staleWhileRevalidate));
        return new Freshness(atLeastZero(left), atLeastZero(age), grace,
                atLeastZero(windowLeft.compareTo(staleWhileRevalidate) > 0 ? staleWhileRevalidate : windowLeft));
    }

    /** The freshness of an entry stored just now. */
    public Freshness justStored() {
        return freshness(storedFor());
    }

    /** The answer of a stored {@code entry}, served as {@code status}, with its freshness under this policy. */
    DetailsAnswer answer(CachedMovie entry, CacheStatus status) {
        return DetailsAnswer.found(new MovieLookup(entry.movie(), status, freshness(entry.timeToLive())));
    }

    public boolean remembersMissing() {
        return !negativeTtl.isZero();
    }

    private static Duration atLeastZero(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
