package io.cinemix.core;

import io.cinemix.core.details.DetailsPolicy;

import java.time.Duration;
import java.util.Objects;

/**
 * How long answers are kept and trusted: the configuration of {@link CachingMovieSearch}.
 *
 * @param ttl         how long a details entry is fresh ({@code CACHE_TTL}, default 1 h); positive
 * @param grace       how long past {@code ttl} an entry is still kept, to be served only when the upstream cannot be
 *                    used (stale-if-error; {@code CACHE_GRACE}, default 0 = never stale); zero or positive. Entries
 *                    are stored for {@code ttl + grace} (without a longer stale-while-revalidate window); one whose
 *                    remaining time to live is at most that much past {@code ttl} is stale
 * @param negativeTtl how long an id the upstream does not know, or a search it calls too broad, is remembered
 *                    ({@code NEGATIVE_CACHE_TTL}, default 300 s); zero turns negative caching off
 * @param searchTtl   how long a search page is kept and fresh in the search cache ({@code SEARCH_CACHE_TTL}, default
 *                    0 = searches are not cached, as the seed did); no grace applies to searches
 * @param staleWhileRevalidate how long past {@code ttl} a details entry is still answered at once while one
 *                    background refresh runs (RFC 5861; {@code CACHE_STALE_WHILE_REVALIDATE}, default 0 = off); zero
 *                    or positive. Entries are then stored for {@code ttl + max(grace, staleWhileRevalidate)}
 */
public record CachePolicy(Duration ttl, Duration grace, Duration negativeTtl, Duration searchTtl,
                          Duration staleWhileRevalidate) {
    public static final Duration DEFAULT_GRACE = Duration.ZERO;
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(300);

    public CachePolicy {
        Objects.requireNonNull(searchTtl, "searchTtl");
        new DetailsPolicy(ttl, grace, negativeTtl, staleWhileRevalidate); // validates the details' durations
        if (searchTtl.isNegative()) {
            throw new IllegalArgumentException("The search cache TTL must not be negative, got " + searchTtl + ".");
        }
    }

    /** A policy without stale-while-revalidate. */
    public CachePolicy(Duration ttl, Duration grace, Duration negativeTtl, Duration searchTtl) {
        this(ttl, grace, negativeTtl, searchTtl, Duration.ZERO);
    }

    /** A policy that does not cache searches. */
    public CachePolicy(Duration ttl, Duration grace, Duration negativeTtl) {
        this(ttl, grace, negativeTtl, Duration.ZERO);
    }

    /** {@code ttl} with the defaults: no grace, not-found ids remembered for 300 s. */
    public static CachePolicy of(Duration ttl) {
        return new CachePolicy(ttl, DEFAULT_GRACE, DEFAULT_NEGATIVE_TTL);
    }

    /** The details' part: TTL, grace, negative TTL, stale-while-revalidate. */
    public DetailsPolicy details() {
        return new DetailsPolicy(ttl, grace, negativeTtl, staleWhileRevalidate);
    }
}
