package io.cinemix.core;

import io.cinemix.core.fetch.SingleFlight;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.port.MovieSearch;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchLookup;
import io.cinemix.core.port.UpstreamBudget;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link MovieSearch} use case over a {@link MovieCatalog} and a {@link MovieCache}: details are cache-aside
 * (read the cache, on a miss fetch upstream and store); searches by title go upstream, identical concurrent ones in
 * one call, unless {@link CachePolicy#searchTtl()} is set: then they are cache-aside too, in a {@link SearchCache}
 * (no grace, no negative cache: an empty page is a page), and a cold search is leased across instances like details
 * (below), so that instances sharing the search cache make one upstream call for it. Failures are never
 * stored. The cache and the budget absorb their own outages (see {@link MovieCache}, {@link UpstreamBudget}), so a
 * cache that fails answers a miss here and nothing in this class guards against it.
 *
 * <p>Details lookups follow a {@link CachePolicy}:
 * <ul>
 *     <li><b>Single flight</b> ({@link SingleFlight}): concurrent lookups of the same (id, plot) share one lookup: one
 *     cache read and, on a miss, one upstream call; every waiter gets its outcome (the movie, not found, a stale
 *     entry, or the very same exception) as soon as it is known; a later miss fetches again. A fresh copy the
 *     cache holds in this process's memory ({@link MovieCache#peek}) is answered before any of this.</li>
 *     <li><b>Across instances</b> ({@link FetchLeases}): after a miss, a flight takes the movie's lease before it
 *     calls the upstream; when another instance holds it, the flight waits (without a thread, in
 *     {@link #findByIdAsync}) for its release and reads the cache again, and fetches itself only if nothing fresh was
 *     stored.</li>
 *     <li><b>Negative cache:</b> an id the upstream does not know is remembered for {@link CachePolicy#negativeTtl()}
 *     ({@link MovieCache#putMissing}), and answered as not found without an upstream call meanwhile.</li>
 *     <li><b>Grace (stale-if-error):</b> entries are stored for {@code ttl + grace}; once an entry's time to live is
 *     down to {@code grace} it is stale and fetched again. If that fetch fails ({@link UpstreamUnavailableException},
 *     {@link UpstreamCircuitOpenException}, {@link UpstreamTimeoutException}, {@link UpstreamQuotaExhaustedException},
 *     {@link UpstreamMisconfiguredException}) the stale entry is served, marked {@link CacheStatus#STALE}; if the
 *     upstream says the id does not exist, it is not.</li>
 * </ul>
 *
 * <p>The upstream quota and the circuit breaker are {@link MovieCatalog} decorators the caller composes, breaker
 * outermost: {@code new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(omdb, budget), ticker, 5, 30 s)}.
 *
 * <p>{@link #findByIdAsync} waits without a thread: a waiter is a callback on the flight's future, and the blocking
 * work (cache read, upstream call) runs on the executor given to the constructor; {@link #findById} does the same
 * work on the calling thread.
 *
 * <p>Logs through {@link System.Logger} (the core needs no logging library): INFO cache hits and upstream fetches,
 * WARN cache misses and stale answers.
 */
public final class CachingMovieSearch implements MovieSearch {
    /**
     * Lines written per request pass a finished message or a supplier, not {@code {0}} arguments: given arguments, the
     * bridge to SLF4J formats them with {@link java.text.MessageFormat}, parsing the pattern each time (40 % of a cache
     * hit's INFO line).
     */
    private static final Logger LOG = System.getLogger(CachingMovieSearch.class.getName());

    /**
     * Counters since start, for metrics: calls made into the catalog (searches and details fetches, after
     * coalescing; some may have been refused by the budget or the breaker), lookups and searches that joined another's,
     * lookups answered from the negative cache, stale entries served, and requests refused for want of quota.
     */
    public record Stats(long upstreamRequests, long coalescedWaits, long negativeHits, long staleServed,
                        long quotaRefusals) {
    }

    private record FlightKey(ImdbId id, Plot plot) {
    }

    /** Runs a task on the calling thread: what the synchronous {@link #findById} uses for its own flights. */
    private static final Executor CALLER = Runnable::run;

    private final MovieCatalog catalog;
    private final MovieCache cache;
    private final CachePolicy policy;
    private final Executor blocking;
    private final FetchLeases leases;
    private final SingleFlight<FlightKey, Optional<MovieLookup>> flights = new SingleFlight<>();
    private final SearchCache searchCache;
    private final SingleFlight<SearchKey, SearchLookup> searches = new SingleFlight<>();
    private final AtomicLong upstreamRequests = new AtomicLong();
    private final AtomicLong negativeHits = new AtomicLong();
    private final AtomicLong staleServed = new AtomicLong();
    private final AtomicLong quotaRefusals = new AtomicLong();

    /** The seed's service: {@link CachePolicy#of(Duration) CachePolicy.of(ttl)} (no grace, 300 s negative cache). */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, Duration ttl) {
        this(catalog, cache, CachePolicy.of(Objects.requireNonNull(ttl, "ttl")));
    }

    /**
     * A service without an executor of its own: {@link #findByIdAsync} then does its blocking work (cache read,
     * upstream call) on the calling thread, like {@link #findById}, unless a fresh copy is in memory or the same lookup
     * is already under way. Give an executor to call it from an event loop.
     */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy) {
        this(catalog, cache, policy, CALLER);
    }

    /**
     * @param blocking where {@link #findByIdAsync} reads the cache and calls the catalog (both may block): a pool
     *                 sized for the lookups that miss the near copy at once, never an event loop
     */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy, Executor blocking) {
        this(catalog, cache, policy, blocking, FetchLeases.ALWAYS_GRANTED);
    }

    /**
     * A service that shares its fetches with other instances: a details miss takes the movie's lease before it calls
     * the catalog, or waits for the instance holding it (see {@link FetchLeases}).
     */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy, Executor blocking,
                              FetchLeases leases) {
        this(catalog, cache, policy, blocking, leases, null);
    }

    /**
     * A service that also caches search pages in {@code searchCache} for {@link CachePolicy#searchTtl()}; with a zero
     * {@code searchTtl} the search cache is never used.
     */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy, Executor blocking,
                              FetchLeases leases, SearchCache searchCache) {
        if (searchCache == null && policy.cachesSearches()) {
            throw new IllegalArgumentException("A search cache TTL needs a search cache.");
        }
        this.searchCache = searchCache;
        this.leases = Objects.requireNonNull(leases, "leases");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    /**
     * One lookup for identical searches under way at once (same case-folded text, page and filters): the first runs
     * it on its thread, the others wait for its page or its exception. With searches cached, the lookup reads the
     * search cache first and stores what the upstream answers.
     */
    @Override
    public SearchLookup search(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        return await(searches.run(SearchKey.of(query), CALLER, () -> policy.cachesSearches()
                ? cachedSearch(query)
                : new SearchLookup(searchUpstream(query), CacheStatus.BYPASS, Freshness.NONE)));
    }

    /**
     * Cache-aside for a search, once per flight: the search cache; on a miss the lease on its key, as for details
     * (held by another instance: wait for its release and read again); then the upstream, storing what it gives.
     */
    private SearchLookup cachedSearch(SearchQuery query) {
        SearchKey key = SearchKey.of(query);
        Optional<SearchLookup> cached = cachedSearchPage(query);
        if (cached.isPresent()) {
            return cached.get();
        }
        LOG.log(Level.WARNING, () -> "Cache miss for " + key);
        FetchLeases.Lease lease = leases.take(key);
        if (lease.granted()) {
            try {
                // Another instance may have stored it between the read above and the lease.
                Optional<SearchLookup> meanwhile = lease.shared() ? cachedSearchPage(query) : Optional.empty();
                return meanwhile.orElseGet(() -> fetchSearch(query));
            } finally {
                lease.release();
            }
        }
        // The lease listens already: a release from now on wakes it, so nothing stored after this read is missed.
        LOG.log(Level.INFO, () -> "Another instance is fetching " + key + "; waiting for it");
        Optional<SearchLookup> meanwhile = cachedSearchPage(query);
        if (meanwhile.isPresent()) {
            lease.release();
            return meanwhile.get();
        }
        lease.released().join(); // search runs on the calling thread, which waits anyway
        return cachedSearchPage(query).orElseGet(() -> fetchSearch(query));
    }

    /** A hit if the search cache holds the page now; empty otherwise. */
    private Optional<SearchLookup> cachedSearchPage(SearchQuery query) {
        return searchCache.get(SearchKey.of(query)).map(cached -> {
            LOG.log(Level.INFO, () -> "Cache hit for " + SearchKey.of(query));
            return new SearchLookup(cached.page(), CacheStatus.HIT, policy.searchFreshness(cached.timeToLive()));
        });
    }

    private SearchLookup fetchSearch(SearchQuery query) {
        SearchPage page = searchUpstream(query);
        LOG.log(Level.INFO, () -> "Fetched search " + SearchKey.of(query) + " from the upstream catalog");
        boolean stored = searchCache.put(SearchKey.of(query), page, policy.searchTtl());
        return new SearchLookup(page, stored ? CacheStatus.STORED : CacheStatus.NOT_STORED,
                policy.searchFreshness(policy.searchTtl()));
    }

    private SearchPage searchUpstream(SearchQuery query) {
        upstreamRequests.incrementAndGet();
        try {
            return catalog.search(query);
        } catch (UpstreamQuotaExhaustedException e) {
            quotaRefusals.incrementAndGet();
            throw e;
        }
    }

    /** Runs the lookup on the calling thread, or waits for the same lookup already under way. */
    @Override
    public Optional<MovieLookup> findById(ImdbId id, Plot plot) {
        return await(lookUp(id, plot, CALLER));
    }

    /**
     * Answers a fresh copy held in this process's memory ({@link MovieCache#peek}) at once, on the calling thread;
     * joins the same lookup already under way without taking a thread; otherwise starts the lookup on the blocking
     * executor. The future fails with the very exception the lookup threw (not wrapped).
     */
    @Override
    public CompletableFuture<Optional<MovieLookup>> findByIdAsync(ImdbId id, Plot plot) {
        return lookUp(id, plot, blocking);
    }

    private CompletableFuture<Optional<MovieLookup>> lookUp(ImdbId id, Plot plot, Executor executor) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plot, "plot");
        Optional<MovieLookup> inMemory = peek(id, plot);
        if (inMemory.isPresent()) {
            return CompletableFuture.completedFuture(inMemory);
        }
        return flights.runAsync(new FlightKey(id, plot), executor, () -> lookUpOnce(id, plot, executor));
    }

    /** A fresh entry the cache holds in this process's memory; never blocks. */
    private Optional<MovieLookup> peek(ImdbId id, Plot plot) {
        Optional<CachedMovie> entry = cache.peek(id, plot)
                .filter(found -> found.movie().imdbId().equals(id) && policy.isFresh(found.timeToLive()));
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (LOG.isLoggable(Level.INFO)) { // the hot path: not even a lambda when the line is off
            LOG.log(Level.INFO, "Cache hit for " + new DetailsKey(id, plot));
        }
        return Optional.of(new MovieLookup(entry.get().movie(), CacheStatus.HIT,
                policy.freshness(entry.get().timeToLive())));
    }

    /**
     * Cache-aside for one (id, plot), run once per flight: the cache; if no fresh entry, the negative cache; then the
     * lease on fetching it ({@link FetchLeases}); held by another instance: wait for its release and read the cache
     * again; else the upstream, storing what it gives. A stale entry is served when the upstream cannot be used.
     */
    private CompletableFuture<Optional<MovieLookup>> lookUpOnce(ImdbId id, Plot plot, Executor executor) {
        DetailsKey key = new DetailsKey(id, plot);
        Optional<CachedMovie> cached = cachedDetails(id, plot);
        if (cached.isPresent() && policy.isFresh(cached.get().timeToLive())) {
            return CompletableFuture.completedFuture(hit(key, cached.get()));
        }
        if (cached.isPresent()) {
            LOG.log(Level.WARNING, () -> "Cache entry " + key + " is stale; fetching it again");
        } else {
            LOG.log(Level.WARNING, () -> "Cache miss for " + key);
        }
        if (knownMissing(id)) {
            return CompletableFuture.completedFuture(negativeHit(id));
        }
        FetchLeases.Lease lease = leases.take(key);
        if (lease.granted()) {
            try {
                // Another instance may have stored it between the read above and the lease.
                Optional<MovieLookup> meanwhile = lease.shared() ? storedMeanwhile(id, plot) : Optional.empty();
                return CompletableFuture.completedFuture(meanwhile.isPresent() ? meanwhile
                        : fetch(id, plot, cached));
            } finally {
                lease.release();
            }
        }
        // The lease listens already: a release from now on wakes it, so nothing stored after this read is missed.
        LOG.log(Level.INFO, () -> "Another instance is fetching " + key + "; waiting for it");
        Optional<MovieLookup> meanwhile = storedMeanwhile(id, plot);
        if (meanwhile.isPresent()) {
            lease.release();
            return CompletableFuture.completedFuture(meanwhile);
        }
        if (executor == CALLER) { // findById: this thread waits anyway
            lease.released().join();
            return CompletableFuture.completedFuture(afterWait(id, plot, cached));
        }
        return lease.released().thenApplyAsync(released -> afterWait(id, plot, cached), executor);
    }

    /** After another instance's lease was released (or the wait is over): what it stored, else fetch here. */
    private Optional<MovieLookup> afterWait(ImdbId id, Plot plot, Optional<CachedMovie> cached) {
        Optional<MovieLookup> stored = storedMeanwhile(id, plot);
        if (stored.isPresent()) {
            return stored;
        }
        return knownMissing(id) ? negativeHit(id) : fetch(id, plot, cached);
    }

    /** A hit if the cache holds a fresh entry now; empty (meaning "not there", not "not found") otherwise. */
    private Optional<MovieLookup> storedMeanwhile(ImdbId id, Plot plot) {
        Optional<CachedMovie> cached = cachedDetails(id, plot);
        if (cached.isPresent() && policy.isFresh(cached.get().timeToLive())) {
            return hit(new DetailsKey(id, plot), cached.get());
        }
        return Optional.empty();
    }

    private Optional<MovieLookup> hit(DetailsKey key, CachedMovie cached) {
        LOG.log(Level.INFO, () -> "Cache hit for " + key);
        return Optional.of(new MovieLookup(cached.movie(), CacheStatus.HIT, policy.freshness(cached.timeToLive())));
    }

    private Optional<MovieLookup> negativeHit(ImdbId id) {
        negativeHits.incrementAndGet();
        LOG.log(Level.INFO, () -> "Negative cache hit for " + id);
        return Optional.empty();
    }

    /** The upstream call and what follows: store the movie, remember a missing id, or serve the stale entry. */
    private Optional<MovieLookup> fetch(ImdbId id, Plot plot, Optional<CachedMovie> cached) {
        DetailsKey key = new DetailsKey(id, plot);
        upstreamRequests.incrementAndGet();
        Optional<MovieDetails> movie;
        try {
            movie = catalog.findById(id, plot);
        } catch (UpstreamUnavailableException | UpstreamTimeoutException | UpstreamQuotaExhaustedException
                 | UpstreamMisconfiguredException | UpstreamCircuitOpenException e) {
            if (e instanceof UpstreamQuotaExhaustedException) {
                quotaRefusals.incrementAndGet();
            }
            if (cached.isEmpty()) {
                throw e;
            }
            staleServed.incrementAndGet();
            LOG.log(Level.WARNING, "Serving stale {0}: the upstream could not be used ({1})", key,
                    e.getClass().getSimpleName());
            return Optional.of(new MovieLookup(cached.get().movie(), CacheStatus.STALE,
                    policy.freshness(cached.get().timeToLive())));
        }
        if (movie.isEmpty()) {
            LOG.log(Level.INFO, () -> "The upstream catalog does not know " + id);
            rememberMissing(id);
            return Optional.empty();
        }
        LOG.log(Level.INFO, () -> "Fetched " + id + " from the upstream catalog");
        return Optional.of(new MovieLookup(movie.get(), store(movie.get(), plot), policy.justStored()));
    }

    /** The negative cache's time left for the id; empty when negative caching is off or the id is not in it. */
    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        Objects.requireNonNull(id, "id");
        return policy.remembersMissing() ? cache.missingFor(id) : Optional.empty();
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(upstreamRequests.get(), flights.joins() + searches.joins(), negativeHits.get(),
                staleServed.get(), quotaRefusals.get());
    }

    private static <T> T await(CompletableFuture<T> lookup) {
        try {
            return lookup.get();
        } catch (ExecutionException e) {
            Throwable cause = SingleFlight.unwrapped(e.getCause());
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException("Interrupted while waiting for the movie catalog.", e);
        }
    }

    private Optional<CachedMovie> cachedDetails(ImdbId id, Plot plot) {
        return cache.get(id, plot).filter(found -> found.movie().imdbId().equals(id));
    }

    private boolean knownMissing(ImdbId id) {
        return policy.remembersMissing() && cache.isKnownMissing(id);
    }

    private void rememberMissing(ImdbId id) {
        if (policy.remembersMissing()) {
            cache.putMissing(id, policy.negativeTtl());
        }
    }

    private CacheStatus store(MovieDetails movie, Plot plot) {
        return cache.put(movie, plot, policy.storedFor()) ? CacheStatus.STORED : CacheStatus.NOT_STORED;
    }
}
