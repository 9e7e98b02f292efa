package io.cinemix.core.port;

/** How a lookup (details, or a search when searches are cached) used the cache. */
public enum CacheStatus {
    /** Served from the cache, fresh. */
    HIT,
    /** Served from the cache past its freshness, because the upstream could not be used (stale-if-error). */
    STALE,
    /**
     * Served from the cache past its freshness, within the stale-while-revalidate window (RFC 5861), while one
     * background refresh brings the entry up to date.
     */
    REVALIDATING,
    /** Fetched upstream and stored. */
    STORED,
    /** Fetched upstream; storing it failed (the cache is down). */
    NOT_STORED,
    /** Fetched upstream without looking in the cache: searches, while {@code SEARCH_CACHE_TTL} is 0. */
    BYPASS
}
