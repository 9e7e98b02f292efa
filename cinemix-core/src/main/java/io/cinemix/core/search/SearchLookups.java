package io.cinemix.core.search;

import io.cinemix.core.fetch.LeaseGuardedFetch;
import io.cinemix.core.fetch.SingleFlight;
import io.cinemix.core.fetch.WaitingThread;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchLookup;
import io.cinemix.core.port.SearchRead;
import io.cinemix.domain.QueryTooBroadException;
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
 * (no grace: an empty page is a page), a cold search leased across instances like details
 * ({@link LeaseGuardedFetch}), the lease taken and the call spent with the read when the cache can
 * ({@link SearchCache#readOrClaim}), the page stored with the release ({@link SearchCache#putReleasing}). Failures
 * are never stored as pages; a too-broad one is remembered, with or without a search TTL ({@link TooBroadSearches}),
 * read with the page. Runs on the calling thread, which waits for its answer.
 */
public final class SearchLookups {
    private static final Logger LOG = System.getLogger(SearchLookups.class.getName());

    private final MovieCatalog catalog;
    private final Optional<SearchCache> cache;
    private final Duration ttl;
    private final LeaseGuardedFetch leases;
    private final TooBroadSearches tooBroad;
    private final SingleFlight<SearchKey, SearchLookup> flights;

    /**
     * @param cache       where pages are kept for {@code ttl}; empty, or a zero {@code ttl}, and searches are not
     *                    cached
     * @param tooBroadTtl how long a search the upstream called too broad is remembered in {@code cache}
     *                    ({@code NEGATIVE_CACHE_TTL}); zero, or no cache, and it is not
     */
    public SearchLookups(MovieCatalog catalog, Optional<SearchCache> cache, Duration ttl, Duration tooBroadTtl,
                         LeaseGuardedFetch leases) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.flights = leases.singleFlight();
        if (cache.isEmpty() && !ttl.isZero()) {
            throw new IllegalArgumentException("A search cache TTL needs a search cache.");
        }
        this.cache = ttl.isZero() ? Optional.empty() : cache;
        this.tooBroad = new TooBroadSearches(cache, tooBroadTtl);
    }

    /** The page for {@code query}; an upstream call it makes is charged to {@code requester}. */
    public SearchLookup search(SearchQuery query, Requester requester) {
        Objects.requireNonNull(query, "query");
        SearchKey key = SearchKey.of(query);
        WaitingThread caller = new WaitingThread();
        return caller.await(flights.runAsync(key, caller, () -> cache.isPresent()
                ? lookUpOnce(query, key, cache.get(), requester, caller)
                : CompletableFuture.completedFuture(bypass(query, key, requester))));
    }

    /** Searches that joined an identical one already under way, since start. */
    public long joins() {
        return flights.joins();
    }

    /** Once per flight: one read of the cache, claiming the fetch if it can and the catalog admits calls. */
    private CompletableFuture<SearchLookup> lookUpOnce(SearchQuery query, SearchKey key, SearchCache pages,
                                                       Requester requester, WaitingThread caller) {
        ColdRead<SearchRead> cold = catalog.admitsCalls() ? pages.readOrClaim(key, tooBroad.on(), requester)
                : ColdRead.of(read(key, pages));
        if (cold.lease().isPresent()) {
            LOG.log(Level.WARNING, () -> "Cache miss for search " + key);
            Requester payer = cold.spend().map(requester::prepaid).orElse(requester);
            return leases.fetchUnder(key, cold.lease().get(), () -> cached(key, pages),
                    lease -> fetch(query, key, pages, payer, lease), caller);
        }
        Optional<SearchLookup> cached = cached(key, cold.read());
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        LOG.log(Level.WARNING, () -> "Cache miss for search " + key);
        return leases.fetchWithLease(key, () -> cached(key, pages),
                lease -> fetch(query, key, pages, requester, lease), caller);
    }

    /** Uncached: the memory of too-broad searches (one read when on), then the upstream. */
    private SearchLookup bypass(SearchQuery query, SearchKey key, Requester requester) {
        tooBroad.refuseIfRemembered(key);
        return new SearchLookup(upstream(query, key, requester), CacheStatus.BYPASS, Freshness.NONE);
    }

    /** The stored page; else fails when the search is remembered too broad (read together: one read). */
    private Optional<SearchLookup> cached(SearchKey key, SearchCache pages) {
        return cached(key, read(key, pages));
    }

    private SearchRead read(SearchKey key, SearchCache pages) {
        return tooBroad.on() ? pages.read(key) : new SearchRead(pages.get(key), false);
    }

    private Optional<SearchLookup> cached(SearchKey key, SearchRead read) {
        if (read.page().isEmpty()) {
            tooBroad.refuseIf(read.tooBroad(), key);
        }
        return read.page().map(found -> {
            LOG.log(Level.DEBUG, () -> "Cache hit for search " + key);
            return new SearchLookup(found.page(), CacheStatus.HIT, freshness(found));
        });
    }

    /**
     * The upstream call and the store, releasing {@code lease} with it (in one step when the cache can; the
     * lease-guarded fetch releases it afterwards otherwise). A too-broad answer is remembered as a step of its own, before the lease is released.
     */
    private SearchLookup fetch(SearchQuery query, SearchKey key, SearchCache pages, Requester requester,
                               FetchLeases.Lease lease) {
        SearchPage page = upstream(query, key, requester);
        LOG.log(Level.INFO, () -> "Fetched search " + key + " from the upstream catalog");
        boolean stored = pages.putReleasing(key, page, ttl, lease);
        return new SearchLookup(page, stored ? CacheStatus.STORED : CacheStatus.NOT_STORED,
                new Freshness(ttl, Duration.ZERO, Duration.ZERO));
    }

    /** The upstream's page, charged to {@code requester}; a too-broad answer is remembered, then thrown as it came. */
    private SearchPage upstream(SearchQuery query, SearchKey key, Requester requester) {
        try {
            return catalog.search(query, requester);
        } catch (QueryTooBroadException e) {
            tooBroad.remember(key);
            throw e;
        }
    }

    /** All of a page's time left is fresh; it was stored {@code ttl - left} ago. */
    private Freshness freshness(CachedSearch found) {
        Duration left = found.timeToLive().compareTo(ttl) > 0 ? ttl
                : found.timeToLive().isNegative() ? Duration.ZERO : found.timeToLive();
        return new Freshness(left, ttl.minus(left), Duration.ZERO);
    }
}
