package io.cinemix.ports;

import io.cinemix.domain.ImdbId;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link MovieSearch} use case over a {@link MovieCatalog} and a {@link MovieCache}: details are cache-aside
 * (read the cache, on a miss fetch upstream and store); searches by title always go upstream. Failures are never
 * stored. A failing cache is logged at ERROR (once per outage; then at DEBUG until it works again) and otherwise
 * ignored.
 *
 * <p>Details lookups follow a {@link CachePolicy}:
 * <ul>
 *     <li><b>Single flight:</b> concurrent lookups of the same (id, plot) that miss the cache share one upstream call;
 *     every waiter gets its outcome (the movie, not found, or the very same exception) as soon as it is known. Only
 *     keys in flight are tracked, so memory is bounded by the number of concurrent lookups; a later miss fetches
 *     again. This holds whether or not the cache works.</li>
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
 * <p>Logs through {@link System.Logger} (the core needs no logging library): INFO cache hits and upstream fetches,
 * WARN cache misses and stale answers, ERROR cache failures.
 */
public final class CachingMovieSearch implements MovieSearch {
    private static final Logger LOG = System.getLogger(CachingMovieSearch.class.getName());

    /**
     * Counters since start, for metrics: calls made into the catalog (searches and details fetches, after
     * coalescing; some may have been refused by the budget or the breaker), lookups that waited for another's fetch,
     * lookups answered from the negative cache, stale entries served, and requests refused for want of quota.
     */
    public record Stats(long upstreamRequests, long coalescedWaits, long negativeHits, long staleServed,
                        long quotaRefusals) {
    }

    /** What one upstream details fetch came to, shared by everyone who waited for it. */
    private record Fetched(Optional<MovieDetails> movie, CacheStatus status) {
    }

    private record FlightKey(ImdbId id, Plot plot) {
    }

    private final MovieCatalog catalog;
    private final MovieCache cache;
    private final CachePolicy policy;
    private final ConcurrentHashMap<FlightKey, CompletableFuture<Fetched>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong upstreamRequests = new AtomicLong();
    private final AtomicLong coalescedWaits = new AtomicLong();
    private final AtomicLong negativeHits = new AtomicLong();
    private final AtomicLong staleServed = new AtomicLong();
    private final AtomicLong quotaRefusals = new AtomicLong();
    private final AtomicBoolean cacheFailing = new AtomicBoolean();

    /** The seed's service: {@link CachePolicy#of(Duration) CachePolicy.of(ttl)} (no grace, 300 s negative cache). */
    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, Duration ttl) {
        this(catalog, cache, CachePolicy.of(Objects.requireNonNull(ttl, "ttl")));
    }

    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, CachePolicy policy) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public SearchPage search(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        upstreamRequests.incrementAndGet();
        try {
            return catalog.search(query);
        } catch (UpstreamQuotaExhaustedException e) {
            quotaRefusals.incrementAndGet();
            throw e;
        }
    }

    @Override
    public Optional<MovieLookup> findById(ImdbId id, Plot plot) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plot, "plot");
        FlightKey flightKey = new FlightKey(id, plot);
        CompletableFuture<Fetched> running = inFlight.get(flightKey);
        if (running != null) {
            // A fetch of this very movie is under way: share its outcome without reading the cache first (a burst of
            // cold requests then costs the cache one read per movie, not one per request). If that fetch fails, the
            // cache may still hold a stale entry to serve; no second fetch is made either way.
            coalescedWaits.incrementAndGet();
            try {
                Fetched fetched = await(running);
                return fetched.movie().map(movie -> new MovieLookup(movie, fetched.status()));
            } catch (UpstreamUnavailableException | UpstreamTimeoutException | UpstreamQuotaExhaustedException
                     | UpstreamMisconfiguredException | UpstreamCircuitOpenException e) {
                Optional<CachedMovie> stale = cachedDetails(id, plot);
                if (stale.isEmpty()) {
                    throw e;
                }
                return Optional.of(served(stale.get(), CacheKeys.details(id, plot), e));
            }
        }
        String key = CacheKeys.details(id, plot);
        Optional<CachedMovie> cached = cachedDetails(id, plot);
        if (cached.isPresent() && policy.isFresh(cached.get().timeToLive())) {
            LOG.log(Level.INFO, "Cache hit for {0}", key);
            return Optional.of(new MovieLookup(cached.get().movie(), CacheStatus.HIT));
        }
        if (cached.isPresent()) {
            LOG.log(Level.WARNING, "Cache entry {0} is stale; fetching it again", key);
        } else {
            LOG.log(Level.WARNING, "Cache miss for {0}", key);
        }
        Fetched fetched;
        try {
            fetched = fetchOnce(flightKey);
        } catch (UpstreamUnavailableException | UpstreamTimeoutException | UpstreamQuotaExhaustedException
                 | UpstreamMisconfiguredException | UpstreamCircuitOpenException e) {
            if (e instanceof UpstreamQuotaExhaustedException) {
                quotaRefusals.incrementAndGet();
            }
            if (cached.isPresent()) {
                return Optional.of(served(cached.get(), key, e));
            }
            throw e;
        }
        return fetched.movie().map(movie -> new MovieLookup(movie, fetched.status()));
    }

    /** An entry served because the upstream could not be used: stale, unless it has just been refreshed. */
    private MovieLookup served(CachedMovie entry, String key, RuntimeException upstreamFailure) {
        if (policy.isFresh(entry.timeToLive())) {
            return new MovieLookup(entry.movie(), CacheStatus.HIT);
        }
        staleServed.incrementAndGet();
        LOG.log(Level.WARNING, "Serving stale {0}: the upstream could not be used ({1})", key,
                upstreamFailure.getClass().getSimpleName());
        return new MovieLookup(entry.movie(), CacheStatus.STALE);
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(upstreamRequests.get(), coalescedWaits.get(), negativeHits.get(), staleServed.get(),
                quotaRefusals.get());
    }

    /** Fetches upstream, or waits for the fetch of the same key already under way. */
    private Fetched fetchOnce(FlightKey key) {
        CompletableFuture<Fetched> mine = new CompletableFuture<>();
        CompletableFuture<Fetched> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            coalescedWaits.incrementAndGet();
            return await(running);
        }
        try {
            Fetched fetched = lookUpstream(key);
            mine.complete(fetched);
            return fetched;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * Runs in the single flight for {@code key}: looks again (a flight for the same key may have just stored it),
     * then consults the negative cache, then fetches upstream and stores what it got.
     */
    private Fetched lookUpstream(FlightKey key) {
        Optional<CachedMovie> stored = cachedDetails(key.id(), key.plot());
        if (stored.isPresent() && policy.isFresh(stored.get().timeToLive())) {
            LOG.log(Level.INFO, "Cache hit for {0}", CacheKeys.details(key.id(), key.plot()));
            return new Fetched(Optional.of(stored.get().movie()), CacheStatus.HIT);
        }
        if (knownMissing(key.id())) {
            negativeHits.incrementAndGet();
            LOG.log(Level.INFO, "Negative cache hit for {0}", CacheKeys.missing(key.id()));
            return new Fetched(Optional.empty(), CacheStatus.HIT);
        }
        upstreamRequests.incrementAndGet();
        Optional<MovieDetails> movie = catalog.findById(key.id(), key.plot());
        if (movie.isEmpty()) {
            LOG.log(Level.INFO, "The upstream catalog does not know {0}", key.id());
            rememberMissing(key.id());
            return new Fetched(Optional.empty(), CacheStatus.NOT_STORED);
        }
        LOG.log(Level.INFO, "Fetched {0} from the upstream catalog", key.id());
        return new Fetched(movie, store(movie.get(), key.plot()));
    }

    private static Fetched await(CompletableFuture<Fetched> running) {
        try {
            return running.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
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
        try {
            Optional<CachedMovie> entry = cache.get(id, plot).filter(found -> found.movie().imdbId().equals(id));
            cacheWorks();
            return entry;
        } catch (RuntimeException e) {
            cacheFailed("read", CacheKeys.details(id, plot), e);
            return Optional.empty();
        }
    }

    private boolean knownMissing(ImdbId id) {
        if (!policy.remembersMissing()) {
            return false;
        }
        try {
            boolean missing = cache.isKnownMissing(id);
            cacheWorks();
            return missing;
        } catch (RuntimeException e) {
            cacheFailed("read", CacheKeys.missing(id), e);
            return false;
        }
    }

    private void rememberMissing(ImdbId id) {
        if (!policy.remembersMissing()) {
            return;
        }
        try {
            cache.putMissing(id, policy.negativeTtl());
            cacheWorks();
        } catch (RuntimeException e) {
            cacheFailed("write", CacheKeys.missing(id), e);
        }
    }

    private CacheStatus store(MovieDetails movie, Plot plot) {
        try {
            if (!cache.put(movie, plot, policy.storedFor())) {
                return CacheStatus.NOT_STORED;
            }
            cacheWorks();
            return CacheStatus.STORED;
        } catch (RuntimeException e) {
            cacheFailed("write", CacheKeys.details(movie.imdbId(), plot), e);
            return CacheStatus.NOT_STORED;
        }
    }

    /**
     * Logs a cache failure: at ERROR when the cache was working until now, at DEBUG while it stays down, so that an
     * outage does not flood the log.
     */
    private void cacheFailed(String operation, String key, RuntimeException e) {
        Level level = cacheFailing.compareAndSet(false, true) ? Level.ERROR : Level.DEBUG;
        LOG.log(level, "Cache {0} failed for {1}; answering without the cache until it works again: {2}",
                operation, key, e.toString());
    }

    private void cacheWorks() {
        if (cacheFailing.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "The cache works again");
        }
    }
}
