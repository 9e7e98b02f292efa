package io.cinemix.core.search;

import io.cinemix.core.fetch.LeaseGuardedFetch;
import io.cinemix.core.fetch.SingleFlight;
import io.cinemix.core.fetch.WaitingThread;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchLookup;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Searches by title. Identical searches under way at once (same {@link SearchKey}) share one lookup. Without a
 * search TTL they go upstream ({@link CacheStatus#BYPASS}); with one they are cache-aside in a {@link SearchCache}
 * (no grace, no negative cache: an empty page is a page), a cold search leased across instances like details
 * ({@link LeaseGuardedFetch}). Failures are never stored. Runs on the calling thread, which waits for its answer.
 */
public final class SearchLookups {
    private static final Logger LOG = System.getLogger(SearchLookups.class.getName());

    private final MovieCatalog catalog;
    private final Optional<SearchCache> cache;
    private final Duration ttl;
    private final LeaseGuardedFetch leases;
    private final SingleFlight<SearchKey, SearchLookup> flights = new SingleFlight<>();

    /**
     * @param cache where pages are kept for {@code ttl}; empty, or a zero {@code ttl}, and searches are not cached
     */
    public SearchLookups(MovieCatalog catalog, Optional<SearchCache> cache, Duration ttl, LeaseGuardedFetch leases) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.leases = Objects.requireNonNull(leases, "leases");
        if (cache.isEmpty() && !ttl.isZero()) {
            throw new IllegalArgumentException("A search cache TTL needs a search cache.");
        }
        this.cache = ttl.isZero() ? Optional.empty() : cache;
    }

    /** The page for {@code query}; an upstream call it makes is charged to {@code requester}. */
    public SearchLookup search(SearchQuery query, Requester requester) {
        Objects.requireNonNull(query, "query");
        SearchKey key = SearchKey.of(query);
        WaitingThread caller = new WaitingThread();
        return caller.await(flights.runAsync(key, caller, () -> cache.isPresent()
                ? lookUpOnce(query, key, cache.get(), requester, caller)
                : CompletableFuture.completedFuture(new SearchLookup(catalog.search(query, requester), CacheStatus.BYPASS,
                        Freshness.NONE))));
    }

    /** Searches that joined an identical one already under way, since start. */
    public long joins() {
        return flights.joins();
    }

    private CompletableFuture<SearchLookup> lookUpOnce(SearchQuery query, SearchKey key, SearchCache pages,
                                                       Requester requester, WaitingThread caller) {
        Optional<SearchLookup> cached = cached(key, pages);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        LOG.log(Level.WARNING, () -> "Cache miss for search " + key);
        return leases.fetch(key, () -> cached(key, pages), () -> fetch(query, key, pages, requester), caller);
    }

    private Optional<SearchLookup> cached(SearchKey key, SearchCache pages) {
        return pages.get(key).map(found -> {
            LOG.log(Level.INFO, () -> "Cache hit for search " + key);
            return new SearchLookup(found.page(), CacheStatus.HIT, freshness(found));
        });
    }

    private SearchLookup fetch(SearchQuery query, SearchKey key, SearchCache pages, Requester requester) {
        SearchPage page = catalog.search(query, requester);
        LOG.log(Level.INFO, () -> "Fetched search " + key + " from the upstream catalog");
        boolean stored = pages.put(key, page, ttl);
        return new SearchLookup(page, stored ? CacheStatus.STORED : CacheStatus.NOT_STORED,
                new Freshness(ttl, Duration.ZERO, Duration.ZERO));
    }

    /** All of a page's time left is fresh; it was stored {@code ttl - left} ago. */
    private Freshness freshness(CachedSearch found) {
        Duration left = found.timeToLive().compareTo(ttl) > 0 ? ttl
                : found.timeToLive().isNegative() ? Duration.ZERO : found.timeToLive();
        return new Freshness(left, ttl.minus(left), Duration.ZERO);
    }
}
