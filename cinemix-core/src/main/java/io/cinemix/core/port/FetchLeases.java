package io.cinemix.core.port;



import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who fetches from the upstream when several instances miss the same cache key at once (a movie's details, or a
 * search page cached in a shared {@link SearchCache}): the one that holds the key's lease. The others wait for the
 * holder to release it (it has stored the result, or failed), then read the cache, and fetch themselves only if the
 * holder did not answer within a bounded wait (it died).
 *
 * <p>Like a {@link MovieCache}, an implementation absorbs its own outages: when it cannot tell, it grants the lease
 * (the caller fetches, as without leases), and it never throws for an outage.
 */
@FunctionalInterface
public interface FetchLeases {
    /** For one process: every lease is granted at once (the in-process single flight is all it needs). */
    FetchLeases ALWAYS_GRANTED = key -> Lease.UNCONTESTED;

    /**
     * One attempt at the lease on fetching what the cache keeps under {@code key} ({@link DetailsKey},
     * {@link SearchKey}). Granted: the caller fetches, stores, then calls
     * {@link Lease#release()}. Held elsewhere: when this returns, the lease already listens for the release, so the
     * caller re-reads the cache and then waits for {@link Lease#released()}.
     */
    Lease take(CacheKey key);

    /**
     * Told when a lookup in this process joins another one under way for the same key instead of fetching, with the
     * future it waits on (on the joining caller's thread): the in-process counterpart of a lease held elsewhere.
     * Nothing is asked of it; the default ignores it (traces make a span of the wait).
     */
    default void joined(CacheKey key, CompletableFuture<?> until) {
    }

    /** The outcome of {@link #take}. */
    final class Lease {
        /** Granted without asking anybody: nobody else can have stored the movie meanwhile. */
        public static final Lease UNCONTESTED = new Lease(true, false, CompletableFuture.completedFuture(null), () -> { });

        private final boolean granted;
        private final boolean shared;
        private final CompletableFuture<Void> released;
        private final Runnable release;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Lease(boolean granted, boolean shared, CompletableFuture<Void> released, Runnable release) {
            this.granted = granted;
            this.shared = shared;
            this.released = released;
            this.release = release;
        }

        /** A lease shared with other instances, granted to this caller; {@code release} ends it and wakes waiters. */
        public static Lease granted(Runnable release) {
            return new Lease(true, true, CompletableFuture.completedFuture(null), Objects.requireNonNull(release));
        }

        /**
         * A lease shared with other instances, granted to this caller by a store that found nothing fresh under the
         * key when it granted it (one atomic step): nobody can have stored it meanwhile, so the caller fetches
         * without reading the cache again.
         */
        public static Lease grantedOnMiss(Runnable release) {
            return new Lease(true, false, CompletableFuture.completedFuture(null), Objects.requireNonNull(release));
        }

        /**
         * A lease another instance holds; {@code released} completes when it is released or the bounded wait is
         * over, whichever comes first, and never fails.
         */
        public static Lease heldElsewhere(CompletableFuture<Void> released) {
            Objects.requireNonNull(released, "released");
            return new Lease(false, true, released, () -> released.complete(null));
        }

        public boolean granted() {
            return granted;
        }

        /**
         * Whether another instance may have stored the movie between the caller's cache read and this lease, so that
         * a granted caller reads the cache once more before it fetches.
         */
        public boolean shared() {
            return shared;
        }

        /** Completes when the holder released the lease or the wait is over; complete at once if granted. */
        public CompletableFuture<Void> released() {
            return released;
        }

        /**
         * Granted: ends the lease and announces that the key may have changed, which wakes the waiters and drops
         * other instances' copies (call it after storing, or after failing). Held elsewhere: stops waiting. Only the
         * first call does anything.
         */
        public void release() {
            if (ended.compareAndSet(false, true)) {
                release.run();
            }
        }
    }
}
