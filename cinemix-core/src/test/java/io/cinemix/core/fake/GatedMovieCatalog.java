package io.cinemix.core.fake;

import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A {@link MovieCatalog} whose calls block until the test opens the gate, then answer what {@code answer} gives (or
 * throw what it throws). Counts calls; {@link #entered} opens when the first call is inside.
 */
public final class GatedMovieCatalog implements MovieCatalog {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    public final AtomicInteger findCalls = new AtomicInteger();
    public final CountDownLatch entered = new CountDownLatch(1);
    /** Whom each details call was made on behalf of. */
    public final List<Requester> requesters = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final Supplier<Optional<MovieDetails>> answer;

    public GatedMovieCatalog(Supplier<Optional<MovieDetails>> answer) {
        this.answer = answer;
    }

    public void open() {
        gate.countDown();
    }

    public void awaitEntered() throws InterruptedException {
        if (!entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("no call reached the catalog");
        }
    }

    @Override
    public SearchPage search(SearchQuery query) {
        throw new UnsupportedOperationException("details only");
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot, Requester requester) {
        requesters.add(requester);
        return findById(id, plot);
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        findCalls.incrementAndGet();
        entered.countDown();
        try {
            if (!gate.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return answer.get();
    }

    /** Waits, without sleeping, until {@code condition} holds; fails after a generous deadline. */
    public static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.yield();
        }
    }
}
