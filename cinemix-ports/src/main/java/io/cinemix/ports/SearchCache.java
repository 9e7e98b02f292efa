package io.cinemix.ports;

import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;

import java.time.Duration;
import java.util.Optional;

/**
 * Where search pages are kept between upstream calls ({@code SEARCH_CACHE_TTL}), under
 * {@link CacheKeys#search(SearchQuery)}: two queries that differ only in the case of their text share an entry.
 *
 * <p>Like {@link MovieCache}, an optimisation, never a dependency: an implementation absorbs its own outages (a read
 * answers empty, a write {@code false}) and reports them itself.
 */
public interface SearchCache {

    /** The stored page and how long it has left to live; empty on a miss or when the cache is unreachable. */
    Optional<CachedSearch> get(SearchQuery query);

    /** Stores the page for {@code ttl}; {@code false} when it could not be stored. */
    boolean put(SearchQuery query, SearchPage page, Duration ttl);
}
