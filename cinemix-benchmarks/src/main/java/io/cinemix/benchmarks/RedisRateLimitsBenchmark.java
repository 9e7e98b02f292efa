package io.cinemix.benchmarks;

import io.cinemix.adapter.redis.RedisConnection;
import io.cinemix.adapter.redis.RedisRateLimits;
import io.cinemix.adapter.redis.RedisSettings;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import io.cinemix.testsupport.LocalRedis;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One shared decision, {@link RedisRateLimits#tryAcquire} (one {@code EVALSHA} round trip), waited for: what the
 * Redis limiter adds to a request. Against {@code REDIS_URL} if set, else a {@code redis-server} from the PATH that
 * the benchmark starts ({@link LocalRedis}). Allow path: a threshold never reached; reject path: threshold 1, spent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisRateLimitsBenchmark {

    @State(Scope.Benchmark)
    public static class Shared {
        LocalRedis redis;
        RedisConnection connection;
        RedisRateLimits allowing;
        RedisRateLimits rejecting;

        @Setup(Level.Trial)
        public void setUp() {
            redis = LocalRedis.shared();
            connection = RedisConnection.open(new RedisSettings(redis.url(), redis.password(), redis.database(),
                    Duration.ofSeconds(2), Duration.ofMillis(300)));
            // The production shape (10 s buckets, 60 s window) with a threshold no run reaches.
            allowing = new RedisRateLimits(connection,
                    RateLimitPolicy.ofSeconds(10, 60, RateLimitPolicy.MAX_THRESHOLD_SUPPORTED), System::nanoTime, 10);
            rejecting = new RedisRateLimits(connection, RateLimitPolicy.ofSeconds(3600, 3600, 1), System::nanoTime, 10);
            rejecting.tryAcquire("spent").toCompletableFuture().join();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(true, allowing.tryAcquire("client").toCompletableFuture().join().allowed(),
                    "Redis allow-path limiter");
            Limiters.expect(false, rejecting.tryAcquire("spent").toCompletableFuture().join().allowed(),
                    "Redis reject-path limiter");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            connection.close();
            redis.close();
        }
    }

    @Benchmark
    public RateLimitDecision redisAllow(Shared shared) {
        return shared.allowing.tryAcquire("client").toCompletableFuture().join();
    }

    @Benchmark
    public RateLimitDecision redisReject(Shared shared) {
        return shared.rejecting.tryAcquire("spent").toCompletableFuture().join();
    }
}
