package io.cinemix.core.upstream;

import io.cinemix.domain.FakeTicker;
import io.cinemix.core.upstream.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The state machine on a fake ticker, as the Redis back-off uses it: one failure opens it for one second. */
class CircuitBreakerTest {
    private static final Duration COOL_DOWN = Duration.ofSeconds(1);
    private final FakeTicker ticker = new FakeTicker(987_654_321L);
    private final CircuitBreaker breaker = new CircuitBreaker(ticker, 1, COOL_DOWN);

    @Test
    void letsEveryCallThroughWhileTheDependencyAnswers() {
        for (int i = 0; i < 100; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            assertThat(breaker.succeeded()).isFalse();
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.rejections()).isZero();
    }

    @Test
    void opensOnlyAtTheThresholdOfConsecutiveFailures() {
        CircuitBreaker fiveFailures = new CircuitBreaker(ticker, 5, Duration.ofSeconds(30));
        for (int i = 0; i < 4; i++) {
            assertThat(fiveFailures.failed()).isFalse();
        }
        fiveFailures.succeeded();
        for (int i = 0; i < 4; i++) {
            assertThat(fiveFailures.failed()).isFalse();
        }
        assertThat(fiveFailures.state()).isEqualTo(State.CLOSED);

        assertThat(fiveFailures.failed()).as("the fifth in a row").isTrue();
        assertThat(fiveFailures.state()).isEqualTo(State.OPEN);
    }

    @Test
    void refusesEveryCallForTheCoolDownAfterAFailure() {
        breaker.failed();

        for (int i = 0; i < 10; i++) {
            assertThat(breaker.tryAcquire()).as("%d ms after the failure", i * 99).isFalse();
            ticker.advance(Duration.ofMillis(99));
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.rejections()).isEqualTo(10);
        assertThat(breaker.untilProbe()).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void letsExactlyOneProbeThroughOnceTheCoolDownHasPassed() {
        breaker.failed();
        ticker.advance(COOL_DOWN);
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);

        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("while the probe runs").isFalse();
        ticker.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).as("still while the probe runs, however long").isFalse();
    }

    @Test
    void aProbeThatSucceedsClosesTheCircuit() {
        breaker.failed();
        ticker.advance(COOL_DOWN);
        assertThat(breaker.tryAcquire()).isTrue();

        assertThat(breaker.succeeded()).isTrue();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aProbeThatFailsRestartsTheCoolDownFromItsFailure() {
        breaker.failed();
        ticker.advance(COOL_DOWN);
        assertThat(breaker.tryAcquire()).isTrue();
        ticker.advance(Duration.ofMillis(300)); // the probe waits its timeout

        assertThat(breaker.failed()).as("half-open to open").isTrue();

        ticker.advance(COOL_DOWN.minusNanos(1));
        assertThat(breaker.tryAcquire()).as("1 ns before the new cool-down ends").isFalse();
        ticker.advance(Duration.ofNanos(1));
        assertThat(breaker.tryAcquire()).as("the next probe").isTrue();
    }

    @Test
    void aProbeThatSaysNothingLeavesTheCircuitHalfOpenForTheNextCall() {
        breaker.failed();
        ticker.advance(COOL_DOWN);
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.released();

        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("the next probe").isTrue();
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aLateFailureOfACallSentBeforeTheCircuitOpenedRestartsTheCoolDown() {
        breaker.failed();
        ticker.advance(Duration.ofMillis(800));
        assertThat(breaker.failed()).as("a restart, not an opening").isFalse();

        ticker.advance(Duration.ofMillis(300));
        assertThat(breaker.tryAcquire()).as("1.1 s after the first failure, 0.3 s after the last").isFalse();
        ticker.advance(Duration.ofMillis(700));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void anAnswerToACallMadeWithoutAskingEndsTheCoolDownEarly() {
        breaker.failed();
        ticker.advance(Duration.ofMillis(10));

        assertThat(breaker.succeeded()).isTrue(); // e.g. a health PING, which is sent whatever the breaker says

        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void manyThreadsAfterTheCoolDownGetOneProbeBetweenThem() throws Exception {
        breaker.failed();
        ticker.advance(COOL_DOWN);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return breaker.tryAcquire();
                }));
            }
            start.countDown();
            int probes = 0;
            for (Future<Boolean> outcome : outcomes) {
                probes += outcome.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(probes).isEqualTo(1);
            assertThat(breaker.rejections()).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new CircuitBreaker(ticker, 0, COOL_DOWN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CircuitBreaker(ticker, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
