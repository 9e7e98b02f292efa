package io.cinemix.core;

import io.cinemix.core.details.DetailsLookups;
import io.cinemix.core.fetch.LeaseGuardedFetch;
import io.cinemix.core.fetch.WaitingThread;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.port.MovieSearch;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchLookup;
import io.cinemix.core.search.SearchLookups;
import io.cinemix.core.upstream.MeteredMovieCatalog;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The {@link MovieSearch} use case over a {@link MovieCatalog} and a {@link MovieCache}, configured by a
 * {@link CachePolicy}: details lookups ({@link DetailsLookups}: cache-aside, negative cache, grace) and searches
 * ({@link SearchLookups}: coalesced, cached when the policy's search TTL is set), each fetched once across instances
 * when given {@link FetchLeases} ({@link LeaseGuardedFetch}). The cache, the search cache and the leases absorb their
 * own outages, so nothing here guards against them.
 *
 * <p>The upstream quota and the circuit breaker are {@link MovieCatalog} decorators the caller composes, breaker
 * outermost: {@code new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(omdb, budget), ticker, 5, 30 s)}.
 *
 * <p>Threads: {@link #findByIdAsync}/{@link #lookUpAsync} answer a fresh copy held in memory at once and join a
 * lookup under way without a thread; otherwise the lookup runs on the executor given to the constructor (on the
 * calling thread without one). {@link #findById} and {@link #search} run on the calling thread, which waits. Work
 * after a wait for another instance's lease runs on the same executor (see {@link LeaseGuardedFetch}), and so does the
 * background refresh behind a stale-while-revalidate answer (without an executor: on the calling thread, before the
 * stale copy is answered).
 */
public final class CachingMovieSearch implements MovieSearch {
    /**
     * Counters since start, for metrics: calls made into the catalog (searches and details fetches, after
     * coalescing; some may have been refused by the budget or the breaker), lookups and searches that joined another's,
     * lookups answered from the negative cache, stale entries served, and requests refused for want of quota.
     */
    public record Stats(long upstreamRequests, long coalescedWaits, long negativeHits, long staleServed,
                        long quotaRefusals) {
    }

    private final MeteredMovieCatalog catalog;
    private final DetailsLookups details;
    private final SearchLookups searches;
    private final Executor blocking;

    /** The seed's service: {@link CachePolicy#of(Duration) CachePolicy.of(ttl)} (no grace, 300 s negative cache). */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, Duration ttl) {
        this(catalog, cache, CachePolicy.of(Objects.requireNonNull(ttl, "ttl")));
    }

    /** A service that does all its work on the calling threads. */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy) {
        this(catalog, cache, policy, Runnable::run);
    }

    /**
     * @param blocking where {@link #findByIdAsync} reads the cache and calls the catalog (both may block), and where
     *                 stale-while-revalidate refreshes run: a pool sized for the lookups that miss the near copy at
     *                 once, never an event loop
     */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy, Executor blocking) {
        this(catalog, cache, policy, blocking, FetchLeases.ALWAYS_GRANTED);
    }

    /** A service that shares its fetches with other instances (see {@link FetchLeases}). */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy, Executor blocking,
                              FetchLeases leases) {
        this(catalog, cache, policy, blocking, leases, null);
    }

    /**
     * A service that also caches search pages in {@code searchCache} for {@link CachePolicy#searchTtl()}, and
     * remembers there the searches the catalog calls too broad for {@link CachePolicy#negativeTtl()}; with both zero
     * the search cache is never used.
     */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy, Executor blocking,
                              FetchLeases leases, SearchCache searchCache) {
        Objects.requireNonNull(policy, "policy");
        LeaseGuardedFetch leased = new LeaseGuardedFetch(leases);
        this.catalog = new MeteredMovieCatalog(catalog);
        this.details = new DetailsLookups(this.catalog, cache, policy.details(), leased, blocking);
        this.searches = new SearchLookups(this.catalog, Optional.ofNullable(searchCache), policy.searchTtl(),
                policy.negativeTtl(), leased);
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    @Override
    public SearchLookup search(SearchQuery query) {
        return search(query, Requester.NOBODY);
    }

    @Override
    public SearchLookup search(SearchQuery query, Requester requester) {
        return searches.search(query, requester);
    }

    /** Runs the lookup on the calling thread, or waits for the same lookup already under way. */
    @Override
    public Optional<MovieLookup> findById(ImdbId id, Plot plot) {
        WaitingThread caller = new WaitingThread();
        return caller.await(details.lookUp(new DetailsKey(id, plot), Requester.NOBODY, caller)).movie();
    }

    @Override
    public CompletableFuture<Optional<MovieLookup>> findByIdAsync(ImdbId id, Plot plot) {
        return lookUpAsync(id, plot).thenApply(DetailsAnswer::movie);
    }

    /** The future fails with the very exception the lookup threw (not wrapped). */
    @Override
    public CompletableFuture<DetailsAnswer> lookUpAsync(ImdbId id, Plot plot) {
        return lookUpAsync(id, plot, Requester.NOBODY);
    }

    @Override
    public CompletableFuture<DetailsAnswer> lookUpAsync(ImdbId id, Plot plot, Requester requester) {
        return details.lookUp(new DetailsKey(id, plot), requester, blocking);
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(catalog.calls(), details.joins() + searches.joins(), details.negativeHits(),
                details.staleServed(), catalog.quotaRefusals());
    }
}
