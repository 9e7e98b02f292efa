package io.cinemix.ports;

/** How a details lookup used the cache. */
public enum CacheStatus {
    /** Served from the cache, fresh. */
    HIT,
    /** Served from the cache past its freshness, because the upstream could not be used (stale-if-error). */
    STALE,
    /** Fetched upstream and stored. */
    STORED,
    /** Fetched upstream; storing it failed (the cache is down). */
    NOT_STORED
}
