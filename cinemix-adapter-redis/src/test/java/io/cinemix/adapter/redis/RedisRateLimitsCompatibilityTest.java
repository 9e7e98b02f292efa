package io.cinemix.adapter.redis;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ratelimit.KeyedRateLimiter;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import io.cinemix.testsupport.LocalRedis;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edges of the cheaper rate-limit script (issue 26) that RedisRateLimitsTest's forward-moving times do not reach:
 * keys shared with the previous script during a rolling upgrade (same hash layout, so each continues the other's
 * counts), and a clock that goes back (the decision holds to the latest bucket written, as SlidingWindow does).
 */
class RedisRateLimitsCompatibilityTest {
    private static final long START_MICROS = 1_700_000_000_000_000L;
    private static final RateLimitPolicy SMALL = new RateLimitPolicy(Duration.ofSeconds(1), Duration.ofSeconds(5), 4);

    /** RedisRateLimits.SCRIPT before issue 26 (HGETALL into Lua tables, HINCRBY, PEXPIRE on every admit). */
    private static final String PREVIOUS_SCRIPT = """
            local bucket = tonumber(ARGV[1])
            local n = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            local now
            if ARGV[4] then
              now = tonumber(ARGV[4])
            else
              local time = redis.call('TIME')
              now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            end
            local epoch = math.floor(now / bucket)
            local fields = redis.call('HGETALL', KEYS[1])
            local counts = {}
            for i = 1, #fields, 2 do
              local e = tonumber(fields[i])
              counts[e] = tonumber(fields[i + 1])
              if e > epoch then epoch = e end
            end
            local oldest = epoch - n + 1
            local live = 0
            for e, c in pairs(counts) do
              if e < oldest then
                redis.call('HDEL', KEYS[1], string.format('%d', e))
                counts[e] = nil
              else
                live = live + c
              end
            end
            if live >= limit then
              local sum = live
              local freeing = epoch
              for e = oldest, epoch do
                local c = counts[e]
                if c and c > 0 then
                  sum = sum - c
                  freeing = e
                  if sum < limit then break end
                end
              end
              local seconds = math.ceil(((freeing + n) * bucket - now) / 1000000)
              return {0, 0, math.max(1, math.min(seconds, math.ceil(n * bucket / 1000000)))}
            end
            redis.call('HINCRBY', KEYS[1], string.format('%d', epoch), 1)
            redis.call('PEXPIRE', KEYS[1], math.ceil(((epoch + n) * bucket - now) / 1000))
            counts[epoch] = (counts[epoch] or 0) + 1
            local first = epoch
            for e, c in pairs(counts) do
              if c > 0 and e < first then first = e end
            end
            return {1, limit - live - 1, math.max(0, math.ceil(((first + n) * bucket - now) / 1000000))}
            """;

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
    void decidesAsTheInProcessLimiterWhileThePreviousScriptSharesTheKeys() {
        Random random = new Random(29);
        for (RateLimitPolicy policy : List.of(SMALL, RateLimitPolicy.DEFAULT)) {
            for (int pattern = 0; pattern < 10; pattern++) {
                String key = "mixed-" + policy.maxThreshold() + "-" + pattern;
                RedisRateLimits shared = limits(policy);
                FakeTicker ticker = new FakeTicker(START_MICROS * 1_000);
                KeyedRateLimiter local = new KeyedRateLimiter(policy, ticker, 10);
                long micros = START_MICROS;
                long maxGap = policy.bucket().toNanos() / 1_000 * 2;
                for (int request = 0; request < 60; request++) {
                    long gap = random.nextInt(4) == 0 ? 0 : (long) (random.nextDouble() * maxGap);
                    micros += gap;
                    ticker.advance(Duration.ofNanos(gap * 1_000));
                    boolean previous = random.nextBoolean();

                    RateLimitDecision fromRedis = previous ? previousScriptAt(policy, key, micros)
                            : shared.tryAcquireAt(key, micros).toCompletableFuture().join();

                    assertThat(fromRedis).as("%s request %d at +%d µs by the %s script", policy, request,
                            micros - START_MICROS, previous ? "previous" : "current")
                            .isEqualTo(local.tryAcquire(key));
                }
            }
        }
    }

    @Test
    void holdsToTheLatestBucketWhenTheClockGoesBackAsTheInProcessLimiterDoes() {
        Random random = new Random(31);
        for (int pattern = 0; pattern < 20; pattern++) {
            String key = "back-" + pattern;
            RedisRateLimits shared = limits(SMALL);
            FakeTicker ticker = new FakeTicker(START_MICROS * 1_000);
            KeyedRateLimiter local = new KeyedRateLimiter(SMALL, ticker, 10);
            long micros = START_MICROS;
            for (int request = 0; request < 60; request++) {
                // Mostly forward, up to two buckets; one step in four back by up to three buckets.
                long gap = random.nextInt(4) == 0 ? -random.nextInt(3_000_000) : random.nextInt(2_000_000);
                micros += gap;
                ticker.advance(Duration.ofNanos(gap * 1_000));

                RateLimitDecision fromRedis = shared.tryAcquireAt(key, micros).toCompletableFuture().join();

                assertThat(fromRedis).as("request %d at +%d µs", request, micros - START_MICROS)
                        .isEqualTo(local.tryAcquire(key));
            }
        }
    }

    private static RateLimitDecision previousScriptAt(RateLimitPolicy policy, String key, long micros) {
        List<Object> reply = admin(redis).eval(PREVIOUS_SCRIPT, ScriptOutputType.MULTI,
                new String[] {RedisRateLimits.KEY_PREFIX + "{" + key + "}"},
                Long.toString(policy.bucket().toNanos() / 1_000), Integer.toString(policy.buckets()),
                Integer.toString(policy.maxThreshold()), Long.toString(micros));
        return new RateLimitDecision((Long) reply.get(0) == 1L, policy.maxThreshold(),
                ((Long) reply.get(1)).intValue(), (Long) reply.get(2));
    }

    /** Redis' decisions only, without the 50 ms bound (as in RedisRateLimitsTest). */
    private static RedisRateLimits limits(RateLimitPolicy policy) {
        return new RedisRateLimits(connection, policy, new FakeTicker(), 10, Duration.ofSeconds(10));
    }
}
