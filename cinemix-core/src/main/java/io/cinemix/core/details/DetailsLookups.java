package io.cinemix.core.details;

import io.cinemix.core.fetch.LeaseGuardedFetch;
import io.cinemix.core.fetch.SingleFlight;
import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * Details by IMDb id, cache-aside, following a {@link DetailsPolicy}:
 * <ul>
 *     <li>a fresh copy the cache holds in this process's memory ({@link MovieCache#peek}) is answered at once;</li>
 *     <li>concurrent lookups of the same key share one ({@link SingleFlight}): one cache read and, on a miss, one
 *     upstream call, across instances too ({@link LeaseGuardedFetch});</li>
 *     <li><b>negative cache</b>: an id the upstream does not know is remembered for the policy's negative TTL and
 *     answered as not found meanwhile, with the time left that the cache read answered;</li>
 *     <li><b>grace</b> (stale-if-error): entries are stored for {@code ttl + grace}; once an entry's time to live is
 *     down to {@code grace} it is fetched again, and if that fetch fails (upstream unavailable, circuit open,
 *     timeout, quota, misconfigured) the stale entry is served, marked {@link CacheStatus#STALE}.</li>
 *     <li><b>stale-while-revalidate</b>: within the policy's window past {@code ttl}, the stored copy (from memory or
 *     the cache) is answered at once, marked {@link CacheStatus#REVALIDATING}, and one {@link BackgroundRefresh}
 *     brings it up to date.</li>
 * </ul>
 * Failures are never stored. Logs INFO upstream fetches, WARN misses and stale answers, and cache hits only at DEBUG
 * (at INFO a hit's one line is the HTTP access line, which carries the cache status); finished messages or
 * suppliers: the bridge to SLF4J would parse a {@code {0}} pattern on every line.
 */
public final class DetailsLookups {
    private static final Logger LOG = System.getLogger(DetailsLookups.class.getName());

    private final MovieCatalog catalog;
    private final MovieCache cache;
    private final DetailsPolicy policy;
    private final LeaseGuardedFetch leases;
    private final SingleFlight<DetailsKey, DetailsAnswer> flights;
    private final BackgroundRefresh refresh;
    private final UpstreamFetch upstream;
    private final LongAdder negativeHits = new LongAdder();

    /** @param background where stale-while-revalidate refreshes run: a pool in a server, so not a request's thread */
    public DetailsLookups(MovieCatalog catalog, MovieCache cache, DetailsPolicy policy, LeaseGuardedFetch leases,
                          Executor background) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.flights = leases.singleFlight();
        this.upstream = new UpstreamFetch(catalog, cache, policy);
        this.refresh = new BackgroundRefresh(leases, background);
    }

    /**
     * The answer for {@code key}: from memory at once, by joining the same lookup under way, or by a lookup started
     * on {@code executor} (which reads the cache and may call the upstream, charged to {@code requester}: it may
     * block).
     */
    public CompletableFuture<DetailsAnswer> lookUp(DetailsKey key, Requester requester, Executor executor) {
        Objects.requireNonNull(key, "key");
        Optional<CachedMovie> peeked = cache.peek(key.id(), key.plot()).filter(entry -> usable(key, entry));
        Optional<CachedMovie> inMemory = peeked.filter(entry -> policy.isFresh(entry.timeToLive()));
        if (inMemory.isPresent()) {
            if (LOG.isLoggable(Level.DEBUG)) { // the hot path: not even a lambda when the line is off
                LOG.log(Level.DEBUG, "Cache hit for " + key);
            }
            return CompletableFuture.completedFuture(policy.answer(inMemory.get(), CacheStatus.HIT));
        }
        if (peeked.isPresent() && policy.revalidatesInBackground(peeked.get().timeToLive())) {
            return CompletableFuture.completedFuture(revalidating(key, peeked.get()));
        }
        return flights.runAsync(key, executor, () -> lookUpOnce(key, requester, executor));
    }

    /** Lookups that joined another already under way, since start. */
    public long joins() {
        return flights.joins();
    }

    /** Lookups of unknown ids answered from the negative cache, since start. */
    public long negativeHits() {
        return negativeHits.sum();
    }

    /** Stale entries served because the upstream could not be used, since start. */
    public long staleServed() {
        return upstream.staleServed();
    }

    /** Once per flight: one read of the cache, claiming the fetch if it can and the catalog admits calls. */
    private CompletableFuture<DetailsAnswer> lookUpOnce(DetailsKey key, Requester requester, Executor executor) {
        ColdRead<CacheRead> cold = catalog.admitsCalls() ? cache.readOrClaim(key, requester)
                : ColdRead.of(cache.read(key.id(), key.plot()));
        if (cold.lease().isPresent()) {
            LOG.log(Level.WARNING, () -> "Cache miss for " + key);
            Requester payer = cold.spend().map(requester::prepaid).orElse(requester);
            return leases.fetchUnder(key, cold.lease().get(), () -> answered(key, read(key)),
                    lease -> upstream.fetch(key, Optional.empty(), payer, lease), executor);
        }
        CacheRead read = usable(key, cold.read());
        Optional<DetailsAnswer> answered = answered(key, read);
        if (answered.isPresent()) {
            return CompletableFuture.completedFuture(answered.get());
        }
        Optional<CachedMovie> stale = read.entry();
        if (stale.isPresent() && policy.revalidatesInBackground(stale.get().timeToLive())) {
            return CompletableFuture.completedFuture(revalidating(key, stale.get()));
        }
        LOG.log(Level.WARNING, () -> stale.isPresent() ? "Cache entry " + key + " is stale; fetching it again"
                : "Cache miss for " + key);
        return leases.fetchWithLease(key, () -> answered(key, read(key)),
                lease -> upstream.fetch(key, stale, requester, lease), executor);
    }

    /** What the cache answers by itself: a fresh entry, or an id remembered as unknown; empty otherwise. */
    private Optional<DetailsAnswer> answered(DetailsKey key, CacheRead read) {
        if (read.entry().isPresent()) {
            if (!policy.isFresh(read.entry().get().timeToLive())) {
                return Optional.empty();
            }
            LOG.log(Level.DEBUG, () -> "Cache hit for " + key);
            return Optional.of(policy.answer(read.entry().get(), CacheStatus.HIT));
        }
        if (read.missingFor().isPresent() && policy.remembersMissing()) {
            negativeHits.increment();
            LOG.log(Level.DEBUG, () -> "Negative cache hit for " + key.id());
            return Optional.of(DetailsAnswer.rememberedNotFound(read.missingFor().get()));
        }
        return Optional.empty();
    }

    /** Stale-while-revalidate: the stored copy at once, and one refresh in the background. */
    private DetailsAnswer revalidating(DetailsKey key, CachedMovie entry) {
        LOG.log(Level.INFO, () -> "Serving stale " + key + " while it is refreshed in the background");
        // A refresh spends the daily budget and no client's share: nobody asked for it.
        refresh.start(key, () -> answered(key, read(key)),
                () -> upstream.fetch(key, Optional.empty(), Requester.NOBODY, FetchLeases.Lease.UNCONTESTED));
        return policy.answer(entry, CacheStatus.REVALIDATING);
    }

    private CacheRead read(DetailsKey key) {
        return usable(key, cache.read(key.id(), key.plot()));
    }

    private CacheRead usable(DetailsKey key, CacheRead read) {
        return read.entry().isPresent() && !usable(key, read.entry().get()) ? CacheRead.NOTHING : read;
    }

    /** An entry of the right title (a cache may hold a wrong one: never serve another movie). */
    private boolean usable(DetailsKey key, CachedMovie entry) {
        return entry.movie().imdbId().equals(key.id());
    }
}
