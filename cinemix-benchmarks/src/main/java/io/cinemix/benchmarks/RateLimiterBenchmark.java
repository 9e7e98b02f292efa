package io.cinemix.benchmarks;

import com.google.common.util.concurrent.RateLimiter;
import io.cinemix.domain.ratelimit.KeyedRateLimiter;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.github.bucket4j.Bucket;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One decision on one shared limit, on the allow path (a limiter that never rejects) and on the reject path (an
 * exhausted limiter), with 1 and 2 threads. Cinemix's decision is the production call,
 * {@code KeyedRateLimiter.tryAcquire(key)} for one client key (which also returns what the rate-limit headers need);
 * the libraries' is their own boolean call. With 2 threads both hammer the same limit: the cost includes whatever the
 * two cores contend on. Scores are ns per decision per thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RateLimiterBenchmark {

    // ---- the floor every limiter pays: one clock read ----

    @Benchmark
    @Threads(1)
    public long nanoTime_1t() {
        return System.nanoTime();
    }

    @Benchmark
    @Threads(2)
    public long nanoTime_2t() {
        return System.nanoTime();
    }

    // ---- Cinemix ----

    @State(Scope.Benchmark)
    public static class CinemixAllowing {
        KeyedRateLimiter limiter;

        @Setup(Level.Trial)
        public void setUp() {
            limiter = Limiters.cinemixAllowing();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(true, limiter.tryAcquire(Limiters.KEY).allowed(), "Cinemix allow-path limiter");
        }
    }

    @State(Scope.Benchmark)
    public static class CinemixRejecting {
        KeyedRateLimiter limiter;

        @Setup(Level.Trial)
        public void setUp() {
            limiter = Limiters.cinemixRejecting();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(false, limiter.tryAcquire(Limiters.KEY).allowed(), "Cinemix reject-path limiter");
        }
    }

    @Benchmark
    @Threads(1)
    public RateLimitDecision cinemixAllow_1t(CinemixAllowing s) {
        return s.limiter.tryAcquire(Limiters.KEY);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision cinemixAllow_2t(CinemixAllowing s) {
        return s.limiter.tryAcquire(Limiters.KEY);
    }

    @Benchmark
    @Threads(1)
    public RateLimitDecision cinemixReject_1t(CinemixRejecting s) {
        return s.limiter.tryAcquire(Limiters.KEY);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision cinemixReject_2t(CinemixRejecting s) {
        return s.limiter.tryAcquire(Limiters.KEY);
    }

    // ---- Bucket4j ----

    @State(Scope.Benchmark)
    public static class Bucket4jAllowing {
        Bucket bucket;

        @Setup(Level.Trial)
        public void setUp() {
            bucket = Limiters.bucket4jAllowing();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(true, bucket.tryConsume(1), "Bucket4j allow-path bucket");
        }
    }

    @State(Scope.Benchmark)
    public static class Bucket4jRejecting {
        Bucket bucket;

        @Setup(Level.Trial)
        public void setUp() {
            bucket = Limiters.bucket4jRejecting();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(false, bucket.tryConsume(1), "Bucket4j reject-path bucket");
        }
    }

    @Benchmark
    @Threads(1)
    public boolean bucket4jAllow_1t(Bucket4jAllowing s) {
        return s.bucket.tryConsume(1);
    }

    @Benchmark
    @Threads(2)
    public boolean bucket4jAllow_2t(Bucket4jAllowing s) {
        return s.bucket.tryConsume(1);
    }

    @Benchmark
    @Threads(1)
    public boolean bucket4jReject_1t(Bucket4jRejecting s) {
        return s.bucket.tryConsume(1);
    }

    @Benchmark
    @Threads(2)
    public boolean bucket4jReject_2t(Bucket4jRejecting s) {
        return s.bucket.tryConsume(1);
    }

    // ---- Resilience4j ----

    @State(Scope.Benchmark)
    public static class Resilience4jAllowing {
        io.github.resilience4j.ratelimiter.RateLimiter limiter;

        @Setup(Level.Trial)
        public void setUp() {
            limiter = Limiters.resilience4jAllowing();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(true, limiter.acquirePermission(), "Resilience4j allow-path limiter");
        }
    }

    @State(Scope.Benchmark)
    public static class Resilience4jRejecting {
        io.github.resilience4j.ratelimiter.RateLimiter limiter;

        @Setup(Level.Trial)
        public void setUp() {
            limiter = Limiters.resilience4jRejecting();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(false, limiter.acquirePermission(), "Resilience4j reject-path limiter");
        }
    }

    @Benchmark
    @Threads(1)
    public boolean resilience4jAllow_1t(Resilience4jAllowing s) {
        return s.limiter.acquirePermission();
    }

    @Benchmark
    @Threads(2)
    public boolean resilience4jAllow_2t(Resilience4jAllowing s) {
        return s.limiter.acquirePermission();
    }

    @Benchmark
    @Threads(1)
    public boolean resilience4jReject_1t(Resilience4jRejecting s) {
        return s.limiter.acquirePermission();
    }

    @Benchmark
    @Threads(2)
    public boolean resilience4jReject_2t(Resilience4jRejecting s) {
        return s.limiter.acquirePermission();
    }

    // ---- Guava ----

    @State(Scope.Benchmark)
    public static class GuavaAllowing {
        RateLimiter limiter;

        @Setup(Level.Trial)
        public void setUp() {
            limiter = Limiters.guavaAllowing();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(true, limiter.tryAcquire(), "Guava allow-path limiter");
        }
    }

    @State(Scope.Benchmark)
    public static class GuavaRejecting {
        RateLimiter limiter;

        @Setup(Level.Trial)
        public void setUp() {
            limiter = Limiters.guavaRejecting();
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(false, limiter.tryAcquire(), "Guava reject-path limiter");
        }
    }

    @Benchmark
    @Threads(1)
    public boolean guavaAllow_1t(GuavaAllowing s) {
        return s.limiter.tryAcquire();
    }

    @Benchmark
    @Threads(2)
    public boolean guavaAllow_2t(GuavaAllowing s) {
        return s.limiter.tryAcquire();
    }

    @Benchmark
    @Threads(1)
    public boolean guavaReject_1t(GuavaRejecting s) {
        return s.limiter.tryAcquire();
    }

    @Benchmark
    @Threads(2)
    public boolean guavaReject_2t(GuavaRejecting s) {
        return s.limiter.tryAcquire();
    }
}
