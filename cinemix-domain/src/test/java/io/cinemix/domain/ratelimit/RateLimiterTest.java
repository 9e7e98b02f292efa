package io.cinemix.domain.ratelimit;

import io.cinemix.domain.FakeTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {
    private final FakeTicker ticker = new FakeTicker();
    private final RateLimiter limiter = new RateLimiter(ticker);

    private int admitsOf(int requests) {
        int admitted = 0;
        for (int i = 0; i < requests; i++) {
            if (limiter.allowRequest()) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void usesTheSeedPolicyByDefault() {
        assertThat(RateLimiter.BUCKET_SIZE).isEqualTo(10);
        assertThat(RateLimiter.WINDOW_SIZE).isEqualTo(60);
        assertThat(RateLimiter.MAX_THRESHOLD).isEqualTo(10);
        assertThat(RateLimitPolicy.DEFAULT).isEqualTo(RateLimitPolicy.ofSeconds(10, 60, 10));
        assertThat(RateLimitPolicy.DEFAULT.buckets()).isEqualTo(6);
    }

    @Test
    void allowsTenRequestsInAWindow() {
        assertThat(admitsOf(10)).isEqualTo(10);
    }

    @Test
    void rejectsEleventhRequestInWindow() {
        admitsOf(10);
        assertThat(limiter.allowRequest()).isFalse();
    }

    @Test
    void countsDownRemainingPermits() {
        assertThat(limiter.tryAcquire().remaining()).isEqualTo(9);
        admitsOf(8);
        RateLimitDecision last = limiter.tryAcquire();
        assertThat(last.allowed()).isTrue();
        assertThat(last.remaining()).isZero();
        assertThat(last.limit()).isEqualTo(10);
    }

    @Test
    void saysWhenTheOldestCountedAdmitStopsCounting() {
        ticker.setSeconds(3);
        RateLimitDecision first = limiter.tryAcquire();
        assertThat(first.resetSeconds()).isEqualTo(57); // bucket 0 stops counting at 60 s
    }

    @Test
    void rejectedRequestsDoNotCount() {
        admitsOf(10);
        for (int i = 0; i < 100; i++) {
            limiter.allowRequest();
        }
        ticker.setSeconds(60);
        assertThat(admitsOf(11)).isEqualTo(10);
    }

    @Test
    void rejectsAtTheLastMomentOfTheWindowWithRetryAfterOneSecond() {
        ticker.setSeconds(0);
        for (int i = 0; i < 10; i++) {
            ticker.setSeconds(i * 0.4); // ten admits in [0, 5)
            assertThat(limiter.allowRequest()).isTrue();
        }
        ticker.setSeconds(59.9);
        RateLimitDecision decision = limiter.tryAcquire();
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.remaining()).isZero();
        assertThat(decision.resetSeconds()).isEqualTo(1);
    }

    @Test
    void allowsAgainWhenTheOldestBucketStopsCounting() {
        admitsOf(10);
        ticker.setSeconds(60);
        assertThat(limiter.allowRequest()).isTrue();
    }

    @Test
    void admitsTheDocumentedWorstCaseOfTwiceTheThresholdInOneFullWindow() {
        ticker.setSeconds(9.99);
        assertThat(admitsOf(10)).isEqualTo(10);
        ticker.setSeconds(60.0);
        assertThat(admitsOf(10)).isEqualTo(10);
        assertThat(limiter.allowRequest()).isFalse();
    }

    @Test
    void retryAfterPointsAtTheBucketThatFreesAPermit() {
        ticker.setSeconds(59);
        admitsOf(10);
        ticker.setSeconds(61);
        RateLimitDecision decision = limiter.tryAcquire();
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.resetSeconds()).isEqualTo(49); // bucket 5 counts until 110 s
    }

    @Test
    void retryAfterSkipsBucketsThatDoNotFreeEnough() {
        ticker.setSeconds(5);
        admitsOf(2);
        ticker.setSeconds(15);
        admitsOf(8);
        ticker.setSeconds(20);
        // Bucket 0 (2 admits) stops counting at 60 s: the sum drops to 8 < 10, so one permit frees then.
        assertThat(limiter.tryAcquire().resetSeconds()).isEqualTo(40);
    }

    @Test
    void rollsOverBucketByBucket() {
        ticker.setSeconds(0);
        admitsOf(4);
        ticker.setSeconds(10);
        admitsOf(6);
        ticker.setSeconds(59.999);
        assertThat(limiter.allowRequest()).isFalse();
        ticker.setSeconds(60);
        assertThat(admitsOf(10)).isEqualTo(4); // bucket 0's four no longer count, bucket 1's six do
        ticker.setSeconds(70);
        assertThat(admitsOf(10)).isEqualTo(6);
    }

    @Test
    void skippingSeveralBucketsForgetsOnlyTheExpiredOnes() {
        ticker.setSeconds(0);
        admitsOf(5);
        ticker.setSeconds(35);
        admitsOf(3);
        ticker.setSeconds(65); // bucket 0 expired, bucket 3 still counts
        assertThat(admitsOf(10)).isEqualTo(7);
    }

    @Test
    void longIdleRestoresTheFullQuota() {
        admitsOf(10);
        ticker.advance(Duration.ofDays(3));
        assertThat(limiter.isIdle()).isTrue();
        assertThat(admitsOf(11)).isEqualTo(10);
    }

    @Test
    void isIdleOnlyAfterAFullWindowWithoutAdmits() {
        assertThat(limiter.isIdle()).isTrue();
        ticker.setSeconds(5);
        limiter.allowRequest();
        assertThat(limiter.isIdle()).isFalse();
        ticker.setSeconds(59.9);
        assertThat(limiter.isIdle()).isFalse();
        ticker.setSeconds(60);
        assertThat(limiter.isIdle()).isTrue();
    }

    @Test
    void aClockGoingBackwardsNeverReopensTheWindow() {
        ticker.setSeconds(100);
        admitsOf(10);
        ticker.setSeconds(20); // a misbehaving ticker
        assertThat(limiter.allowRequest()).isFalse();
        ticker.setSeconds(100);
        assertThat(limiter.allowRequest()).isFalse();
    }

    @Test
    void worksWithNegativeTickerReadings() {
        ticker.setSeconds(-1_000_000.5); // System.nanoTime may be negative
        RateLimiter fromNegative = new RateLimiter(ticker);
        for (int i = 0; i < 10; i++) {
            assertThat(fromNegative.allowRequest()).isTrue();
        }
        assertThat(fromNegative.allowRequest()).isFalse();
        ticker.advanceSeconds(60);
        assertThat(fromNegative.allowRequest()).isTrue();
    }

    @Test
    void refusesNonsensePoliciesWithClearMessages() {
        assertThatThrownBy(() -> RateLimitPolicy.ofSeconds(0, 60, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket size must be positive");
        assertThatThrownBy(() -> RateLimitPolicy.ofSeconds(-10, 60, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket size must be positive");
        assertThatThrownBy(() -> RateLimitPolicy.ofSeconds(10, 65, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole multiple of the bucket");
        assertThatThrownBy(() -> RateLimitPolicy.ofSeconds(10, 5, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole multiple of the bucket");
        assertThatThrownBy(() -> RateLimitPolicy.ofSeconds(10, 60, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold must be from 1");
    }
}
