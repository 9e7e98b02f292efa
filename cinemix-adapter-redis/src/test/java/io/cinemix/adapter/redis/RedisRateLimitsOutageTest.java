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
import static io.cinemix.adapter.redis.Outages.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** Redis stopped or frozen under live rate limits: the local limiter decides, fast; Redis decides again after. */
class RedisRateLimitsOutageTest {
    private static final RateLimitPolicy POLICY = RateLimitPolicy.ofSeconds(10, 60, 2);
    /**
     * Commands wait this long for Redis here (300 ms elsewhere), so that only the limiter's own 50 ms bound can explain
     * a decision within {@link #FALLBACK_BOUND}.
     */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    /**
     * 20 × the 50 ms bound (decisions took 50-62 ms at load average 9 on 2 cores), 5 × below the command timeout.
     */
    private static final Duration FALLBACK_BOUND = Duration.ofSeconds(1);

    private LocalRedis redis;
    private RedisConnection connection;
    private RedisRateLimits limits;

    @BeforeEach
    void start() {
        redis = LocalRedis.startOwn();
        connection = RedisConnection.open(new RedisSettings(redis.url(), redis.password(), redis.database(),
                Duration.ofSeconds(1), COMMAND_TIMEOUT));
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
