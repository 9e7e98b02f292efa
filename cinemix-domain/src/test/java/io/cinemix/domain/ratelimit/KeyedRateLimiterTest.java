package io.cinemix.domain.ratelimit;

import io.cinemix.domain.FakeTicker;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedRateLimiterTest {
    private final FakeTicker ticker = new FakeTicker();

    private static int admitsOf(KeyedRateLimiter limiter, String key, int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            if (limiter.tryAcquire(key).allowed()) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void limitsEachKeyOnItsOwn() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 100);
        assertThat(admitsOf(limiter, "10.0.0.1", 11)).isEqualTo(10);
        assertThat(admitsOf(limiter, "10.0.0.2", 11)).isEqualTo(10);
    }

    @Test
    void forgetsAKeyOnlyAfterAFullIdleWindow() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 100);
        admitsOf(limiter, "a", 10);
        ticker.setSeconds(59);
        limiter.tryAcquire("b"); // triggers a sweep: "a" still counts
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        ticker.setSeconds(70);
        limiter.tryAcquire("b");
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void forgettingAnIdleKeyGivesNothingAFreshLimiterWouldNot() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 100);
        admitsOf(limiter, "a", 10);
        ticker.setSeconds(120);
        assertThat(admitsOf(limiter, "a", 11)).isEqualTo(10);
    }

    @Test
    void newKeysShareOneOverflowLimitWhileTheTableIsFullOfActiveKeys() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 3);
        for (String key : new String[] {"a", "b", "c"}) {
            assertThat(limiter.tryAcquire(key).allowed()).isTrue();
        }
        int floodAdmits = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.tryAcquire("flood-" + i).allowed()) {
                floodAdmits++;
            }
        }
        assertThat(limiter.size()).isEqualTo(3);
        assertThat(floodAdmits).isEqualTo(10);
        assertThat(limiter.overflowDecisions()).isEqualTo(1000);
        assertThat(admitsOf(limiter, "a", 10)).isEqualTo(9); // tracked keys keep their own limit
    }

    @Test
    void makesRoomForNewKeysOnceOldOnesAreIdle() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 2);
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");
        ticker.setSeconds(60);
        assertThat(admitsOf(limiter, "c", 11)).isEqualTo(10);
        assertThat(limiter.overflowDecisions()).isZero();
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfDistinctKeys() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 1000);
        for (int i = 0; i < 100_000; i++) {
            limiter.tryAcquire("k" + i);
            if (i % 1000 == 0) {
                ticker.advanceSeconds(1);
            }
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(1000);
    }

    @Test
    void admitsExactlyTheThresholdForANewKeyHammeredByManyThreadsWithAFrozenClock() throws Exception {
        KeyedRateLimiter limiter = new KeyedRateLimiter(RateLimitPolicy.ofSeconds(10, 60, 1000), ticker, 100);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return admitsOf(limiter, "10.0.0.1", 1000);
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            assertThat(total).isEqualTo(1000);
            assertThat(limiter.size()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesACapBelowOne() {
        assertThatThrownBy(() -> new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKeys");
    }
}
