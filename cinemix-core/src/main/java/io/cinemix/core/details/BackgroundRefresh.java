package io.cinemix.core.details;

import io.cinemix.core.fetch.LeaseGuardedFetch;
import io.cinemix.core.fetch.SingleFlight;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.DetailsKey;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The refresh behind a stale-while-revalidate answer (RFC 5861): the caller has answered the stored copy already, and
 * this brings the entry up to date, once.
 * <ul>
 *     <li>In this process, at most one refresh per key at a time ({@link SingleFlight}): stale answers given while
 *     one runs start nothing more.</li>
 *     <li>Across instances, through the same lease as a cold miss ({@link LeaseGuardedFetch#fetchUnlessHeld}): the
 *     holder refreshes; an instance that finds the lease held, or the entry stored meanwhile, does nothing more, and
 *     its refresh stays under way (holding no thread) until the holder releases the lease, so that its own stale
 *     answers meanwhile do not ask Redis for the lease again and again.</li>
 *     <li>On the executor given (a pool in a server: then never on the caller's thread); it never fails the caller. A refresh that fails (the
 *     upstream down, its circuit open, the budget spent) is logged, stores nothing, and the copy keeps being served
 *     for as long as the policy keeps it.</li>
 * </ul>
 */
final class BackgroundRefresh {
    private static final Logger LOG = System.getLogger(BackgroundRefresh.class.getName());

    private final LeaseGuardedFetch leases;
    private final Executor executor;
    private final SingleFlight<DetailsKey, Optional<DetailsAnswer>> flights = new SingleFlight<>();

    /**
     * @param executor where refreshes run (they may block on the cache and the upstream): a pool, never an event
     *                 loop
     */
    BackgroundRefresh(LeaseGuardedFetch leases, Executor executor) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Starts the refresh of {@code key} unless one is under way in this process; returns at once.
     *
     * @param reread what the cache holds now, if it answers the lookup (the entry is fresh again)
     * @param fetch  the upstream call and the store after it
     */
    void start(DetailsKey key, Supplier<Optional<DetailsAnswer>> reread, Supplier<DetailsAnswer> fetch) {
        Objects.requireNonNull(key, "key");
        try {
            flights.runAsync(key, executor, () -> refresh(key, reread, fetch)).whenComplete((refreshed, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, () -> "The background refresh of " + key + " failed ("
                            + SingleFlight.unwrapped(failure).getClass().getSimpleName()
                            + "); its stale copy is served meanwhile");
                }
            });
        } catch (RuntimeException e) { // never the caller's failure
            LOG.log(Level.WARNING, () -> "Could not start the background refresh of " + key + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private CompletableFuture<Optional<DetailsAnswer>> refresh(DetailsKey key,
                                                               Supplier<Optional<DetailsAnswer>> reread,
                                                               Supplier<DetailsAnswer> fetch) {
        LOG.log(Level.INFO, () -> "Refreshing " + key + " in the background");
        return leases.fetchUnlessHeld(key, reread, fetch);
    }
}
