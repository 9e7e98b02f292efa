package io.cinemix.core.port;


import io.cinemix.domain.SearchPage;

import java.time.Duration;
import java.util.Optional;

/**
 * Where search pages are kept between upstream calls ({@code SEARCH_CACHE_TTL}), under
 * its {@link SearchKey}: two queries that differ only in the case of their text share an entry.
 *
 * <p>Like {@link MovieCache}, an optimisation, never a dependency: an implementation absorbs its own outages (a read
 * answers empty, a write {@code false}) and reports them itself.
 */
public interface SearchCache {

    /** The stored page and how long it has left to live; empty on a miss or when the cache is unreachable. */
    Optional<CachedSearch> get(SearchKey key);

    /** Stores the page for {@code ttl}; {@code false} when it could not be stored. */
    boolean put(SearchKey key, SearchPage page, Duration ttl);
}
