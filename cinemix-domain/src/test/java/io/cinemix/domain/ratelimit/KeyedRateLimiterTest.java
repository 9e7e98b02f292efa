package io.cinemix.domain.ratelimit;

import io.cinemix.domain.FakeTicker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyedRateLimiterTest {
    private final FakeTicker ticker = new FakeTicker();

    private static int admitsOf(KeyedRateLimiter limiter, String key, int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            if (limiter.allowRequest(key)) {
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
        limiter.allowRequest("b"); // triggers a sweep: "a" still counts
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.allowRequest("a")).isFalse();
        ticker.setSeconds(70);
        limiter.allowRequest("b");
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
            assertThat(limiter.allowRequest(key)).isTrue();
        }
        int floodAdmits = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.allowRequest("flood-" + i)) {
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
        limiter.allowRequest("a");
        limiter.allowRequest("b");
        ticker.setSeconds(60);
        assertThat(admitsOf(limiter, "c", 11)).isEqualTo(10);
        assertThat(limiter.overflowDecisions()).isZero();
    }

    @Test
    void memoryStaysBoundedUnderAFloodOfDistinctKeys() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 1000);
        for (int i = 0; i < 100_000; i++) {
            limiter.allowRequest("k" + i);
            if (i % 1000 == 0) {
                ticker.advanceSeconds(1);
            }
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(1000);
    }

    @Test
    void refusesACapBelowOne() {
        assertThatThrownBy(() -> new KeyedRateLimiter(RateLimitPolicy.DEFAULT, ticker, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxKeys");
    }
}
