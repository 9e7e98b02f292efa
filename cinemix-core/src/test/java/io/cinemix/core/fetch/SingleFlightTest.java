package io.cinemix.core.fetch;

import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class SingleFlightTest {
    private static final Executor CALLER = Runnable::run;

    private final ExecutorService oneThread = Executors.newSingleThreadExecutor();
    private final SingleFlight<String, String> flights = new SingleFlight<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stopThreads() throws InterruptedException {
        gate.countDown();
        oneThread.shutdownNow();
        assertThat(oneThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waitersShareOneRunAndHoldNoThreadWhileItIsUnderWay() throws Exception {
        CompletableFuture<String> first = flights.run("tt0372784", oneThread, gated(() -> "Batman Begins"));
        awaitEntered();

        // The executor's only thread is inside the run: a waiter that needed a thread would never start.
        List<CompletableFuture<String>> waiters = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiters.add(flights.run("tt0372784", oneThread, gated(() -> "another run")));
        }
        assertThat(waiters).noneMatch(CompletableFuture::isDone);
        assertThat(flights.joins()).isEqualTo(50);
        gate.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("Batman Begins");
        for (CompletableFuture<String> waiter : waiters) {
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("Batman Begins");
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void eachCallerThatJoinsIsToldWithItsOwnWaitButTheCallerThatRunsIsNot() throws Exception {
        List<String> joinedKeys = new ArrayList<>();
        List<CompletableFuture<String>> waits = new ArrayList<>();
        SingleFlight<String, String> told = new SingleFlight<>((key, wait) -> {
            joinedKeys.add(key);
            waits.add(wait);
        });
        CompletableFuture<String> first = told.run("tt0372784", oneThread, gated(() -> "Batman Begins"));
        awaitEntered();
        CompletableFuture<String> second = told.run("tt0372784", oneThread, gated(() -> "another run"));

        assertThat(joinedKeys).containsExactly("tt0372784");
        assertThat(waits).containsExactly(second);
        gate.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("Batman Begins");
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("Batman Begins");
    }

    @Test
    void everyCallerGetsTheVeryExceptionOfTheOneRun() throws Exception {
        UpstreamTimeoutException timeout = new UpstreamTimeoutException("The movie catalog did not answer in time.");
        CompletableFuture<String> first = flights.run("tt0372784", oneThread, gated(() -> {
            throw timeout;
        }));
        awaitEntered();
        CompletableFuture<String> waiter = flights.run("tt0372784", oneThread, gated(() -> "another run"));
        gate.countDown();

        assertThat(failureOf(first)).isSameAs(timeout);
        assertThat(failureOf(waiter)).isSameAs(timeout);
        assertThat(runs).hasValue(1);
    }

    @Test
    void differentKeysAreSeparateRuns() throws Exception {
        ExecutorService twoThreads = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<String> shortPlot = flights.run("movie_tt0372784", twoThreads, gated(() -> "short"));
            CompletableFuture<String> fullPlot = flights.run("movie_tt0372784_full", twoThreads, () -> "full");

            assertThat(fullPlot.get(10, TimeUnit.SECONDS)).isEqualTo("full");
            gate.countDown();
            assertThat(shortPlot.get(10, TimeUnit.SECONDS)).isEqualTo("short");
            assertThat(flights.joins()).isZero();
        } finally {
            twoThreads.shutdownNow();
        }
    }

    @Test
    void aCallAfterAFlightEndedRunsAgain() throws Exception {
        assertThat(failureOf(flights.run("tt0372784", CALLER, () -> {
            throw new UpstreamTimeoutException("slow");
        }))).isInstanceOf(UpstreamTimeoutException.class);

        assertThat(flights.run("tt0372784", CALLER, () -> "Batman Begins").get()).isEqualTo("Batman Begins");
        assertThat(flights.joins()).isZero();
    }

    @Test
    void theKeyIsGoneBeforeTheOutcomeIsPublished() throws Exception {
        CompletableFuture<String> first = flights.run("tt0372784", oneThread, gated(() -> "first"));
        CompletableFuture<String> second = first.thenCompose(
                answer -> flights.run("tt0372784", CALLER, () -> "second"));
        awaitEntered();
        gate.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS)).as("a call made on the answer starts afresh").isEqualTo("second");
        assertThat(flights.joins()).isZero();
    }

    @Test
    void aCallerCancellingItsAnswerDoesNotDisturbTheFlight() throws Exception {
        CompletableFuture<String> first = flights.run("tt0372784", oneThread, gated(() -> "Batman Begins"));
        awaitEntered();
        CompletableFuture<String> impatient = flights.run("tt0372784", oneThread, gated(() -> "another run"));
        CompletableFuture<String> patient = flights.run("tt0372784", oneThread, gated(() -> "another run"));

        impatient.cancel(true);
        first.complete("completed by its caller");
        gate.countDown();

        assertThat(patient.get(10, TimeUnit.SECONDS)).isEqualTo("Batman Begins");
    }

    @Test
    void aRefusingExecutorFailsTheCallAndLeavesNoFlightBehind() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("shutting down");
        };

        assertThat(flights.run("tt0372784", refusing, () -> "never")).isCompletedExceptionally();
        assertThat(flights.run("tt0372784", refusing, () -> "never")).isCompletedExceptionally();
        assertThat(flights.joins()).isZero();
    }

    @Test
    void anErrorStartingTheFlightEndsItInsteadOfLeavingItBehind() throws Exception {
        AtomicBoolean failedOnce = new AtomicBoolean();
        Executor noThreadOnce = task -> {
            if (failedOnce.compareAndSet(false, true)) {
                throw new OutOfMemoryError("unable to create native thread (test)");
            }
            task.run();
        };

        assertThat(failureOf(flights.run("tt0372784", noThreadOnce, () -> "never"))).isInstanceOf(OutOfMemoryError.class);
        assertThat(flights.run("tt0372784", noThreadOnce, () -> "Batman Begins").get(10, TimeUnit.SECONDS))
                .isEqualTo("Batman Begins");
        assertThat(flights.joins()).isZero();
    }

    /** Work that counts its runs, says it has started, and waits for the test to open the gate. */
    private Supplier<String> gated(Supplier<String> work) {
        return () -> {
            runs.incrementAndGet();
            entered.countDown();
            try {
                assertThat(gate.await(10, TimeUnit.SECONDS)).as("the test opens the gate").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return work.get();
        };
    }

    private void awaitEntered() throws InterruptedException {
        assertThat(entered.await(10, TimeUnit.SECONDS)).as("the run started").isTrue();
    }

    private static Throwable failureOf(CompletableFuture<?> answer) throws InterruptedException {
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 10 s");
        }
        throw new AssertionError("expected a failure, got " + answer);
    }
}
