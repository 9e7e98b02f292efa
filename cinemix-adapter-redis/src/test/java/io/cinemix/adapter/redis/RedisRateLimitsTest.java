package io.cinemix.adapter.redis;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ratelimit.KeyedRateLimiter;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import io.cinemix.testsupport.LocalRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Random;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit script against a real Redis. Time is given to the script (its optional "now"), so buckets roll over
 * without sleeping; one test checks the Redis TIME path.
 */
class RedisRateLimitsTest {
    /** A realistic Redis time, in µs (November 2023). */
    private static final long START_MICROS = 1_700_000_000_000_000L;
    private static final RateLimitPolicy SMALL = new RateLimitPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 4);

    private static LocalRedis redis;
    private static RedisConnection connection;

    @BeforeAll
    static void open() {
        redis = LocalRedis.shared();
        connection = RedisConnection.open(settings(redis));
    }

    @AfterAll
    static void close() {
        connection.close();
    }

    @BeforeEach
    void flush() {
        admin(redis).flushdb();
    }

    @Test
    void decidesExactlyAsTheInProcessLimiterForTheSamePolicyAndTimes() {
        Random random = new Random(13);
        for (RateLimitPolicy policy : List.of(SMALL, RateLimitPolicy.DEFAULT,
                new RateLimitPolicy(Duration.ofMillis(250), Duration.ofSeconds(1), 3))) {
            for (int pattern = 0; pattern < 20; pattern++) {
                String key = "pattern-" + policy.maxThreshold() + "-" + pattern;
                RedisRateLimits shared = limits(policy);
                FakeTicker ticker = new FakeTicker(START_MICROS * 1_000);
                KeyedRateLimiter local = new KeyedRateLimiter(policy, ticker, 10);
                long micros = START_MICROS;
                long maxGap = policy.bucket().toNanos() / 1_000 * 2;
                for (int request = 0; request < 60; request++) {
                    long gap = random.nextInt(4) == 0 ? 0 : (long) (random.nextDouble() * maxGap);
                    micros += gap;
                    ticker.advance(Duration.ofNanos(gap * 1_000));

                    RateLimitDecision fromRedis = shared.tryAcquireAt(key, micros).toCompletableFuture().join();

                    assertThat(fromRedis).as("%s request %d at +%d µs", policy, request, micros - START_MICROS)
                            .isEqualTo(local.tryAcquire(key));
                }
            }
        }
    }

    @Test
    void neverAdmitsMoreThanTheThresholdInAnyWindowLessOneBucket() {
        RedisRateLimits shared = limits(SMALL);
        Random random = new Random(7);
        List<Long> admits = new ArrayList<>();
        long micros = START_MICROS;
        for (int request = 0; request < 2_000; request++) {
            micros += random.nextInt(300_000);
            if (shared.tryAcquireAt("client", micros).toCompletableFuture().join().allowed()) {
                admits.add(micros);
            }
        }
        long span = (SMALL.window().toNanos() - SMALL.bucket().toNanos()) / 1_000;
        for (int i = 0; i + SMALL.maxThreshold() < admits.size(); i++) {
            assertThat(admits.get(i + SMALL.maxThreshold()) - admits.get(i))
                    .as("%d admits within %d µs", SMALL.maxThreshold() + 1, span).isGreaterThanOrEqualTo(span);
        }
        assertThat(admits.size()).as("the limit is not stuck closed").isGreaterThan(2_000 / 10);
    }

    @Test
    void sharesOneLimitBetweenInstancesOnOneRedis() {
        try (RedisConnection other = RedisConnection.open(settings(redis))) {
            List<RedisRateLimits> instances = List.of(limits(SMALL), limits(SMALL),
                    new RedisRateLimits(other, SMALL, new FakeTicker(), 10));
            int admitted = 0;
            for (int request = 0; request < 12; request++) {
                RedisRateLimits instance = instances.get(request % instances.size());
                admitted += instance.tryAcquireAt("client", START_MICROS + request).toCompletableFuture().join()
                        .allowed() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(SMALL.maxThreshold());
        }
    }

    @Test
    void decisionsAskedTogetherShareScriptCallsAndStillAdmitExactlyTheThresholdOfEachKey() {
        RedisRateLimits shared = limits(SMALL);
        long before = connection.roundTrips();
        List<CompletableFuture<RateLimitDecision>> decisions = new ArrayList<>();
        for (int request = 0; request < 200; request++) {
            decisions.add(shared.tryAcquire("client-" + request % 20).toCompletableFuture());
        }

        Map<String, Long> admitted = new HashMap<>();
        for (int request = 0; request < 200; request++) {
            if (decisions.get(request).join().allowed()) {
                admitted.merge("client-" + request % 20, 1L, Long::sum);
            }
        }
        assertThat(admitted).hasSize(20).allSatisfy((client, admits) ->
                assertThat(admits).as(client).isEqualTo(SMALL.maxThreshold()));
        for (int client = 0; client < 20; client++) {
            assertThat(admin(redis).hvals("rate_limit_{client-" + client + "}")).as("counted in Redis, not locally")
                    .singleElement().isEqualTo(Integer.toString(SMALL.maxThreshold()));
        }
        assertThat(connection.roundTrips() - before).as("script calls for 200 decisions asked back to back")
                .isLessThan(100);
    }

    @Test
    void keepsOneHashTaggedKeyPerClientThatExpiresWithItsNewestBucket() {
        RedisRateLimits shared = limits(SMALL);
        shared.tryAcquireAt("203.0.113.7", START_MICROS).toCompletableFuture().join();
        shared.tryAcquireAt("203.0.113.7", START_MICROS + 1_500_000).toCompletableFuture().join();

        assertThat(admin(redis).keys("*")).containsExactly("rate_limit_{203.0.113.7}");
        assertThat(admin(redis).hgetall("rate_limit_{203.0.113.7}"))
                .containsEntry("1700000000", "1").containsEntry("1700000001", "1").hasSize(2);
        // Given time and Redis time differ; the expiry is computed from the given one: newest bucket + window.
        assertThat(admin(redis).pttl("rate_limit_{203.0.113.7}")).isBetween(1L, 4_500L);
    }

    @Test
    void readsRedisTimeWhenNoTimeIsGivenAndSaysWhenToRetry() {
        RedisRateLimits shared = limits(SMALL);
        for (int i = 0; i < SMALL.maxThreshold(); i++) {
            assertThat(shared.tryAcquire("client").toCompletableFuture().join().allowed()).isTrue();
        }
        RateLimitDecision rejected = shared.tryAcquire("client").toCompletableFuture().join();
        long redisSeconds = Long.parseLong(admin(redis).time().get(0));

        assertThat(rejected).isEqualTo(new RateLimitDecision(false, 4, 0, rejected.resetSeconds()));
        assertThat(rejected.resetSeconds()).isBetween(4L, 5L);
        // Buckets of Redis' own seconds (two when the decisions straddled a second), counting the four admits.
        Map<String, String> buckets = admin(redis).hgetall("rate_limit_{client}");
        assertThat(buckets.keySet()).isNotEmpty().allSatisfy(epoch ->
                assertThat(Long.parseLong(epoch)).isBetween(redisSeconds - 2, redisSeconds));
        assertThat(buckets.values().stream().mapToLong(Long::parseLong).sum()).isEqualTo(SMALL.maxThreshold());
    }

    @Test
    void loadsTheScriptAgainAfterRedisForgotIt() {
        RedisRateLimits shared = limits(SMALL);
        shared.tryAcquireAt("client", START_MICROS).toCompletableFuture().join();
        admin(redis).scriptFlush();

        assertThat(shared.tryAcquireAt("client", START_MICROS).toCompletableFuture().join())
                .isEqualTo(new RateLimitDecision(true, 4, 2, 5));
    }

    /**
     * Redis' decisions only: the 50 ms bound after which the local limiter decides is lifted (a busy machine can
     * exceed it, and the fallback's decision would differ); RedisRateLimitsOutageTest covers the bound.
     */
    private static RedisRateLimits limits(RateLimitPolicy policy) {
        return new RedisRateLimits(connection, policy, new FakeTicker(), 10, Duration.ofSeconds(10));
    }
}
