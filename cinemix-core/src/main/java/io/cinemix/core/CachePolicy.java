package io.cinemix.core;

import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.SearchCache;

import java.time.Duration;
import java.util.Objects;

/**
 * How long details are kept and trusted.
 *
 * @param ttl         how long a details entry is fresh ({@code CACHE_TTL}, default 1 h); positive
 * @param grace       how long past {@code ttl} an entry is still kept, to be served only when the upstream cannot be
 *                    used (stale-if-error; {@code CACHE_GRACE}, default 0 = never stale); zero or positive. Entries
 *                    are stored for {@code ttl + grace}; one whose remaining time to live is at most {@code grace} is
 *                    stale
 * @param negativeTtl how long an id the upstream does not know is remembered ({@code NEGATIVE_CACHE_TTL}, default
 *                    300 s); zero turns negative caching off
 * @param searchTtl   how long a search page is kept and fresh in the {@link SearchCache} ({@code SEARCH_CACHE_TTL},
 *                    default 0 = searches are not cached, as the seed did); no grace applies to searches
 */
public record CachePolicy(Duration ttl, Duration grace, Duration negativeTtl, Duration searchTtl) {
    public static final Duration DEFAULT_GRACE = Duration.ZERO;
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(300);

    public CachePolicy {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("The cache TTL must be positive, got " + ttl + ".");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("The cache grace must not be negative, got " + grace + ".");
        }
        if (negativeTtl.isNegative()) {
            throw new IllegalArgumentException("The negative cache TTL must not be negative, got " + negativeTtl + ".");
        }
        Objects.requireNonNull(searchTtl, "searchTtl");
        if (searchTtl.isNegative()) {
            throw new IllegalArgumentException("The search cache TTL must not be negative, got " + searchTtl + ".");
        }
    }

    /** A policy that does not cache searches. */
    public CachePolicy(Duration ttl, Duration grace, Duration negativeTtl) {
        this(ttl, grace, negativeTtl, Duration.ZERO);
    }

    /** {@code ttl} with the defaults: no grace, not-found ids remembered for 300 s. */
    public static CachePolicy of(Duration ttl) {
        return new CachePolicy(ttl, DEFAULT_GRACE, DEFAULT_NEGATIVE_TTL);
    }

    /** How long a details entry is stored: {@code ttl + grace}. */
    public Duration storedFor() {
        return ttl.plus(grace);
    }

    /** Whether an entry with {@code timeToLive} left is fresh. Without grace every entry the cache returns is. */
    public boolean isFresh(Duration timeToLive) {
        return grace.isZero() || timeToLive.compareTo(grace) > 0;
    }

    /**
     * The freshness of an entry with {@code timeToLive} left: fresh for what exceeds the grace, stored
     * {@code ttl + grace - timeToLive} ago (both at least zero).
     */
    public Freshness freshness(Duration timeToLive) {
        Duration left = timeToLive.minus(grace);
        Duration age = storedFor().minus(timeToLive);
        return new Freshness(left.isNegative() ? Duration.ZERO : left, age.isNegative() ? Duration.ZERO : age, grace);
    }

    /** The freshness of an entry stored just now. */
    public Freshness justStored() {
        return freshness(storedFor());
    }

    public boolean cachesSearches() {
        return !searchTtl.isZero();
    }

    /** The freshness of a search page with {@code timeToLive} left: all of it, stored {@code searchTtl - left} ago. */
    public Freshness searchFreshness(Duration timeToLive) {
        Duration left = timeToLive.compareTo(searchTtl) > 0 ? searchTtl : timeToLive;
        Duration age = searchTtl.minus(left);
        return new Freshness(left.isNegative() ? Duration.ZERO : left, age, Duration.ZERO);
    }

    public boolean remembersMissing() {
        return !negativeTtl.isZero();
    }
}
