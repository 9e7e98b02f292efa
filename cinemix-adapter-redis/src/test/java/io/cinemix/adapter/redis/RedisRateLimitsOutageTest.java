package io.cinemix.adapter.redis;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static io.cinemix.adapter.redis.Outages.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** Redis stopped or frozen under live rate limits: the local limiter decides, fast; Redis decides again after. */
class RedisRateLimitsOutageTest {
    private static final RateLimitPolicy POLICY = RateLimitPolicy.ofSeconds(10, 60, 2);
    /** The 50 ms bound plus scheduling slack on a shared CI machine. */
    private static final Duration FALLBACK_BOUND = Duration.ofMillis(250);

    private LocalRedis redis;
    private RedisConnection connection;
    private RedisRateLimits limits;

    @BeforeEach
    void start() {
        redis = LocalRedis.startOwn();
        connection = RedisConnection.open(settings(redis));
        limits = new RedisRateLimits(connection, POLICY, new FakeTicker(), 10);
    }

    @AfterEach
    void stop() {
        connection.close();
        redis.close();
    }

    @Test
    void decidesWithTheLocalLimitWithinTheBoundWhileRedisIsFrozen() {
        spend("client"); // the shared limit is spent; the local one is untouched
        redis.pause();
        try (LogCapture log = LogCapture.of(RedisRateLimits.class)) {
            long started = System.nanoTime();
            RateLimitDecision first = decide("client");
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(FALLBACK_BOUND);
            assertThat(first).isEqualTo(new RateLimitDecision(true, 2, 1, 60));
            assertThat(decide("client")).isEqualTo(new RateLimitDecision(true, 2, 0, 60));
            assertThat(decide("client").allowed()).as("the local bound holds").isFalse();
            assertThat(log.lines("ERROR")).as("one line per outage").hasSize(1);
        } finally {
            redis.resume();
        }
    }

    @Test
    void decidesLocallyAtOnceWhileRedisIsStoppedAndReturnsToRedisByItself() {
        redis.stop();
        long started = System.nanoTime();
        assertThat(decide("client").allowed()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FALLBACK_BOUND);

        redis.restart();

        assertThat(eventually(() -> {
            decide("client");
            return admin(redis).exists("rate_limit_{client}") == 1;
        })).as("decisions are counted in Redis again").isTrue();
    }

    private void spend(String key) {
        for (int i = 0; i < POLICY.maxThreshold(); i++) {
            assertThat(decide(key).allowed()).isTrue();
        }
        assertThat(decide(key).allowed()).isFalse();
    }

    private RateLimitDecision decide(String key) {
        return limits.tryAcquire(key).toCompletableFuture().join();
    }
}
