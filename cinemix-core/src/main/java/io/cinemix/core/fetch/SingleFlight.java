package io.cinemix.core.fetch;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Concurrent calls for the same key share one run of the work and its outcome: the value, or the very same exception
 * (not wrapped). Only keys in flight are kept, so memory is bounded by the concurrent calls; a call after a flight
 * ended starts a new one.
 *
 * <ul>
 *   <li>A caller that joins waits without a thread: its answer is a callback on the flight's future.</li>
 *   <li>The key is removed before the outcome is published, so a call made once an answer is out never joins a
 *   flight that is over.</li>
 *   <li>An executor that refuses the work, or an {@link Error} starting it, ends the flight with that failure
 *   instead of leaving it behind for every later call to wait on.</li>
 *   <li>Each caller gets its own future: cancelling or completing it does not touch the flight.</li>
 *   <li>A caller that joins is told to the {@code onJoin} given at construction, with its future, on its own thread
 *   (traces make a span of the wait).</li>
 * </ul>
 */
public final class SingleFlight<K, V> {
    private final ConcurrentHashMap<K, CompletableFuture<V>> flights = new ConcurrentHashMap<>();
    private final AtomicLong joins = new AtomicLong();
    private final BiConsumer<? super K, ? super CompletableFuture<V>> onJoin;

    /** Flights whose joiners nobody is told of. */
    public SingleFlight() {
        this((key, wait) -> { });
    }

    /** Flights that tell {@code onJoin} of each caller that joins one under way, with the future it waits on. */
    public SingleFlight(BiConsumer<? super K, ? super CompletableFuture<V>> onJoin) {
        this.onJoin = Objects.requireNonNull(onJoin, "onJoin");
    }

    /** The outcome of {@code work} for {@code key}: run on {@code executor}, or shared with the flight under way. */
    public CompletableFuture<V> run(K key, Executor executor, Supplier<? extends V> work) {
        Objects.requireNonNull(work, "work");
        return runAsync(key, executor, () -> CompletableFuture.completedFuture(work.get()));
    }

    /**
     * Like {@link #run}, for work that starts on {@code executor} and may end later, on another thread: the flight
     * lasts until the future {@code work} answers completes.
     */
    public CompletableFuture<V> runAsync(K key, Executor executor, Supplier<? extends CompletableFuture<? extends V>> work) {
        Objects.requireNonNull(key, "key");
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            joins.incrementAndGet();
            CompletableFuture<V> wait = view(running);
            onJoin.accept(key, wait);
            return wait;
        }
        try {
            executor.execute(() -> fly(key, mine, work));
        } catch (Throwable e) {
            land(key, mine, null, e);
        }
        return view(mine);
    }

    /** Calls that joined a flight already under way, since start. */
    public long joins() {
        return joins.get();
    }

    private void fly(K key, CompletableFuture<V> flight, Supplier<? extends CompletableFuture<? extends V>> work) {
        CompletableFuture<? extends V> outcome;
        try {
            outcome = work.get();
        } catch (Throwable e) {
            land(key, flight, null, e);
            return;
        }
        outcome.whenComplete((value, failure) -> land(key, flight, value, failure == null ? null : unwrapped(failure)));
    }

    private void land(K key, CompletableFuture<V> flight, V value, Throwable failure) {
        flights.remove(key, flight);
        if (failure == null) {
            flight.complete(value);
        } else {
            flight.completeExceptionally(failure);
        }
    }

    /** A caller's own view of a flight, failing with the flight's exception itself. */
    private static <V> CompletableFuture<V> view(CompletableFuture<V> flight) {
        if (flight.isDone() && !flight.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(flight.join());
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        flight.whenComplete((value, failure) -> {
            if (failure == null) {
                mine.complete(value);
            } else {
                mine.completeExceptionally(unwrapped(failure));
            }
        });
        return mine;
    }

    public static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
