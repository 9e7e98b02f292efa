package io.cinemix.benchmarks;

import com.google.common.util.concurrent.RateLimiter;
import io.cinemix.domain.ratelimit.KeyedRateLimiter;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.bucket4j.Bucket;

import java.time.Duration;

/**
 * The four limiters under test, each in two shapes: one that never rejects (the allow path) and one that is exhausted
 * and always rejects (the reject path). All read {@code System.nanoTime()} as in production. Cinemix's is the limiter
 * the HTTP filter uses, a {@link KeyedRateLimiter}, asked for one client's key.
 */
final class Limiters {
    /** The one client key the single-limiter benchmarks ask for. */
    static final String KEY = "10.0.0.1";

    /** Tokens / permits / admits per period far beyond what any benchmark thread can spend. */
    private static final long HUGE = 1_000_000_000_000L;
    /** Long enough that an exhausted limiter never refills during a run. */
    private static final Duration NEVER = Duration.ofDays(1);

    private Limiters() {
    }

    /**
     * Cinemix allow path: the production shape (6 buckets) scaled down to 1 ms buckets so that the largest supported
     * threshold (about a million admits in 6 ms) is never reached, and buckets roll over as they do in production.
     */
    static KeyedRateLimiter cinemixAllowing() {
        RateLimitPolicy policy = new RateLimitPolicy(Duration.ofMillis(1), Duration.ofMillis(6),
                RateLimitPolicy.MAX_THRESHOLD_SUPPORTED);
        return new KeyedRateLimiter(policy, System::nanoTime, 1);
    }

    /** Cinemix reject path: 6 one-hour buckets, 10 requests, all 10 spent by {@link #KEY}. */
    static KeyedRateLimiter cinemixRejecting() {
        KeyedRateLimiter limiter = new KeyedRateLimiter(rejectingPolicy(10), System::nanoTime, 1);
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire(KEY);
        }
        return limiter;
    }

    /** Six one-hour buckets: the production shape, slow enough that nothing expires during a run. */
    static RateLimitPolicy rejectingPolicy(int threshold) {
        return new RateLimitPolicy(Duration.ofHours(1), Duration.ofHours(6), threshold);
    }

    /** Six one-hour buckets and the largest threshold: a key can never be exhausted during a run. */
    static RateLimitPolicy allowingSlowPolicy() {
        return new RateLimitPolicy(Duration.ofHours(1), Duration.ofHours(6), RateLimitPolicy.MAX_THRESHOLD_SUPPORTED);
    }

    /**
     * Bucket4j's default local bucket (lock-free), greedy refill at its highest supported rate (one token a
     * nanosecond) on top of a capacity no run can spend.
     */
    static Bucket bucket4jAllowing() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(HUGE).refillGreedy(1_000_000_000L, Duration.ofSeconds(1)))
                .build();
    }

    static Bucket bucket4jRejecting() {
        Bucket bucket = Bucket.builder().addLimit(limit -> limit.capacity(1).refillIntervally(1, NEVER)).build();
        bucket.tryConsume(1);
        return bucket;
    }

    /** Resilience4j's AtomicRateLimiter (the default), timeout 0: a decision never waits. */
    static io.github.resilience4j.ratelimiter.RateLimiter resilience4jAllowing() {
        return io.github.resilience4j.ratelimiter.RateLimiter.of("allow", RateLimiterConfig.custom()
                .limitForPeriod(Integer.MAX_VALUE)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    static io.github.resilience4j.ratelimiter.RateLimiter resilience4jRejecting() {
        io.github.resilience4j.ratelimiter.RateLimiter limiter =
                io.github.resilience4j.ratelimiter.RateLimiter.of("reject", RateLimiterConfig.custom()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(NEVER)
                        .timeoutDuration(Duration.ZERO)
                        .build());
        limiter.acquirePermission();
        return limiter;
    }

    /** Guava's SmoothBursty limiter; {@code tryAcquire()} never waits. */
    static RateLimiter guavaAllowing() {
        return RateLimiter.create(HUGE);
    }

    static RateLimiter guavaRejecting() {
        RateLimiter limiter = RateLimiter.create(1.0 / NEVER.toSeconds());
        limiter.tryAcquire();
        return limiter;
    }

    /** Fails the run if a limiter is not in the shape its benchmark claims. */
    static void expect(boolean expected, boolean actual, String what) {
        if (expected != actual) {
            throw new IllegalStateException(what + " answered " + actual + ", the benchmark needs " + expected);
        }
    }
}
