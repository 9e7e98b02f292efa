package io.cinemix.adapter.redis;

import io.cinemix.domain.FakeTicker;
import io.lettuce.core.RedisCommandTimeoutException;
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

/** The back-off state machine, on a fake ticker: reachable → backing off → probing → reachable or backing off. */
class RedisBackOffTest {
    private static final Duration BACK_OFF = Duration.ofSeconds(1);
    private final FakeTicker ticker = new FakeTicker(987_654_321L);
    private final RedisBackOff backOff = new RedisBackOff(ticker, BACK_OFF);
    private final RuntimeException timeout = new RedisCommandTimeoutException("Command timed out after 300 millisecond(s)");

    @Test
    void letsEveryCommandThroughWhileRedisAnswers() {
        for (int i = 0; i < 100; i++) {
            assertThat(backOff.mayCall()).isTrue();
            backOff.answered();
        }
        assertThat(backOff.backingOff()).isFalse();
    }

    @Test
    void refusesEveryCommandForTheBackOffAfterAFailure() {
        backOff.failed(timeout);

        for (int i = 0; i < 10; i++) {
            assertThat(backOff.mayCall()).as("%d ms after the failure", i * 99).isFalse();
            ticker.advance(Duration.ofMillis(99));
        }
        assertThat(backOff.backingOff()).isTrue();
    }

    @Test
    void letsExactlyOneProbeThroughOnceTheBackOffHasPassed() {
        backOff.failed(timeout);
        ticker.advance(BACK_OFF);

        assertThat(backOff.mayCall()).as("the probe").isTrue();
        assertThat(backOff.mayCall()).as("while the probe runs").isFalse();
        ticker.advance(Duration.ofSeconds(5));
        assertThat(backOff.mayCall()).as("still while the probe runs, however long").isFalse();
    }

    @Test
    void aProbeThatIsAnsweredEndsTheBackOff() {
        backOff.failed(timeout);
        ticker.advance(BACK_OFF);
        assertThat(backOff.mayCall()).isTrue();

        backOff.answered();

        assertThat(backOff.backingOff()).isFalse();
        assertThat(backOff.mayCall()).isTrue();
        assertThat(backOff.mayCall()).isTrue();
    }

    @Test
    void aProbeThatFailsRestartsTheBackOffFromItsFailure() {
        backOff.failed(timeout);
        ticker.advance(BACK_OFF);
        assertThat(backOff.mayCall()).isTrue();
        ticker.advance(Duration.ofMillis(300)); // the probe waits the command timeout

        backOff.failed(timeout);

        ticker.advance(BACK_OFF.minusNanos(1));
        assertThat(backOff.mayCall()).as("1 ns before the new back-off ends").isFalse();
        ticker.advance(Duration.ofNanos(1));
        assertThat(backOff.mayCall()).as("the next probe").isTrue();
    }

    @Test
    void aLateFailureOfACommandSentBeforeTheBackOffRestartsIt() {
        backOff.failed(timeout);
        ticker.advance(Duration.ofMillis(800));
        backOff.failed(timeout); // another request's command, sent while Redis was still deemed reachable

        ticker.advance(Duration.ofMillis(300));
        assertThat(backOff.mayCall()).as("1.1 s after the first failure, 0.3 s after the last").isFalse();
        ticker.advance(Duration.ofMillis(700));
        assertThat(backOff.mayCall()).isTrue();
    }

    @Test
    void anAnswerToAnyCommandEndsTheBackOffEarly() {
        backOff.failed(timeout);
        ticker.advance(Duration.ofMillis(10));

        backOff.answered(); // e.g. a health PING, which is sent whatever the back-off says

        assertThat(backOff.mayCall()).isTrue();
    }

    @Test
    void theRefusalNamesTheFailureThatStartedTheBackOff() {
        backOff.failed(timeout);

        assertThat(backOff.refusal())
                .hasMessage("Redis not asked: backing off for 1000 ms after a command failed "
                        + "(RedisCommandTimeoutException Command timed out after 300 millisecond(s))")
                .hasNoCause();
        assertThat(backOff.refusal().getStackTrace()).isEmpty();
    }

    @Test
    void manyThreadsAfterTheBackOffGetOneProbeBetweenThem() throws Exception {
        backOff.failed(timeout);
        ticker.advance(BACK_OFF);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return backOff.mayCall();
                }));
            }
            start.countDown();
            int probes = 0;
            for (Future<Boolean> outcome : outcomes) {
                probes += outcome.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(probes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsABackOffThatIsNotPositive() {
        assertThatThrownBy(() -> new RedisBackOff(ticker, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
