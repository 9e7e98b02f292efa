package io.cinemix.core.port;

import io.cinemix.domain.SearchPage;

import java.util.Objects;

/**
 * A search's page, how the cache took part ({@link CacheStatus#BYPASS} while searches are not cached), and how long
 * it may be reused ({@link Freshness#NONE} when not cached).
 */
public record SearchLookup(SearchPage page, CacheStatus cacheStatus, Freshness freshness) {
    public SearchLookup {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(cacheStatus, "cacheStatus");
        Objects.requireNonNull(freshness, "freshness");
    }
}
