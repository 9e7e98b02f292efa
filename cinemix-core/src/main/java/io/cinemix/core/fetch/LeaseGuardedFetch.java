package io.cinemix.core.fetch;

import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.FetchLeases;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cross-instance half of "every upstream call spent once", written once for details and searches: after a cache
 * miss, the caller takes the key's {@link FetchLeases lease}.
 * <ul>
 *     <li>Granted: read the cache again if another instance may have stored the answer meanwhile
 *     ({@link FetchLeases.Lease#shared()}), else fetch (and store); then release, which wakes the waiters.</li>
 *     <li>Held by another instance: read the cache again at once (the lease listens already, so nothing stored after
 *     this read is missed); if nothing is there, wait for the release without holding a thread, then, <b>on the
 *     executor</b>, read again and fetch only if the holder stored nothing (it failed, or died).</li>
 * </ul>
 * One threading rule for every caller: work before a wait runs on the calling thread, work after it on the executor
 * the caller gives (a pool, or the {@link WaitingThread} of a synchronous caller).
 */
public final class LeaseGuardedFetch {
    private static final Logger LOG = System.getLogger(LeaseGuardedFetch.class.getName());

    private final FetchLeases leases;

    public LeaseGuardedFetch(FetchLeases leases) {
        this.leases = Objects.requireNonNull(leases, "leases");
    }

    /** A {@link SingleFlight} whose joiners are told to the leases ({@link FetchLeases#joined}): one kind of wait. */
    public <K extends CacheKey, V> SingleFlight<K, V> singleFlight() {
        return new SingleFlight<>(leases::joined);
    }

    /**
     * @param reread what the cache holds now, if it answers the lookup; it may throw the answer's failure
     * @param fetch  the upstream call and the store after it
     */
    public <T> CompletableFuture<T> fetch(CacheKey key, Supplier<Optional<T>> reread, Supplier<T> fetch,
                                          Executor executor) {
        return fetchWithLease(key, reread, lease -> fetch.get(), executor);
    }

    /**
     * {@link #fetch}, handing {@code fetch} the lease it holds ({@link FetchLeases.Lease#UNCONTESTED} after a wait),
     * so that its store may release it in the same step ({@link io.cinemix.core.port.MovieCache#putReleasing});
     * released here if it did not.
     */
    public <T> CompletableFuture<T> fetchWithLease(CacheKey key, Supplier<Optional<T>> reread,
                                                   Function<FetchLeases.Lease, T> fetch, Executor executor) {
        FetchLeases.Lease lease = leases.take(key);
        if (lease.granted()) {
            try {
                Optional<T> meanwhile = lease.shared() ? reread.get() : Optional.empty();
                return CompletableFuture.completedFuture(meanwhile.isPresent() ? meanwhile.get() : fetch.apply(lease));
            } finally {
                lease.release();
            }
        }
        LOG.log(Level.INFO, () -> "Another instance is fetching " + key + "; waiting for it");
        Optional<T> meanwhile;
        try {
            meanwhile = reread.get();
        } catch (RuntimeException e) { // the cache answered with a failure (a search remembered too broad)
            lease.release();
            throw e;
        }
        if (meanwhile.isPresent()) {
            lease.release();
            return CompletableFuture.completedFuture(meanwhile.get());
        }
        return afterRelease(lease, reread, () -> fetch.apply(FetchLeases.Lease.UNCONTESTED), executor);
    }

    /**
     * {@link #fetch} with the lease a cache took or found held in the same step as its read
     * ({@link io.cinemix.core.port.MovieCache#readOrClaim}), so nothing stored before it was missed. Granted:
     * {@code fetch} with it, then release (if {@code fetch} did not). Held elsewhere: wait for the release, then, on
     * the executor, read again and fetch only if the holder stored nothing.
     */
    public <T> CompletableFuture<T> fetchUnder(CacheKey key, FetchLeases.Lease lease, Supplier<Optional<T>> reread,
                                               Function<FetchLeases.Lease, T> fetch, Executor executor) {
        if (!lease.granted()) {
            LOG.log(Level.INFO, () -> "Another instance is fetching " + key + "; waiting for it");
            return afterRelease(lease, reread, () -> fetch.apply(FetchLeases.Lease.UNCONTESTED), executor);
        }
        try {
            return CompletableFuture.completedFuture(fetch.apply(lease));
        } finally {
            lease.release();
        }
    }

    private static <T> CompletableFuture<T> afterRelease(FetchLeases.Lease lease, Supplier<Optional<T>> reread,
                                                         Supplier<T> fetch, Executor executor) {
        return lease.released().thenApplyAsync(released -> reread.get().orElseGet(fetch), executor);
    }

    /**
     * A refresh of an entry still being served (stale-while-revalidate): only the holder of the key's lease refreshes.
     * <ul>
     *     <li>Granted: read the cache again (the read that found the entry stale came before this refresh, and the
     *     entry may be fresh by now), fetch unless it answers, release; on the calling thread.</li>
     *     <li>Held elsewhere, or the entry stored meanwhile: nothing to do here, the holder refreshes. The answer
     *     completes (empty) when the holder releases the lease or the bounded wait is over, holding no thread, so
     *     that a caller that shares its refreshes (a single flight) does not ask for the lease again meanwhile.</li>
     * </ul>
     *
     * @return what was fetched or read; empty when another instance holds the lease
     */
    public <T> CompletableFuture<Optional<T>> fetchUnlessHeld(CacheKey key, Supplier<Optional<T>> reread,
                                                              Supplier<T> fetch) {
        FetchLeases.Lease lease = leases.take(key);
        if (!lease.granted()) {
            LOG.log(Level.DEBUG, () -> "Another instance is refreshing " + key);
            return lease.released().thenApply(released -> Optional.empty());
        }
        try {
            Optional<T> meanwhile = reread.get();
            T answer = meanwhile.isPresent() ? meanwhile.get() : fetch.get();
            return CompletableFuture.completedFuture(Optional.of(answer));
        } finally {
            lease.release();
        }
    }
}
