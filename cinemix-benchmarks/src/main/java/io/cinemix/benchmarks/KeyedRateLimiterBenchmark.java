package io.cinemix.benchmarks;

import io.cinemix.domain.ratelimit.KeyedRateLimiter;
import io.cinemix.domain.ratelimit.RateLimitDecision;
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
import org.openjdk.jmh.infra.ThreadParams;

import java.util.concurrent.TimeUnit;

/**
 * One decision ({@code tryAcquire(key)}, the production call) of a {@link KeyedRateLimiter} that already tracks one million distinct keys, each decision for the
 * next key in a fixed random order (so nearly every lookup misses the CPU caches, as with real client traffic).
 * Allow path: a threshold no key reaches during the run. Reject path: threshold 1, every key spent at setup.
 * Buckets are one hour, so no key goes idle and no sweep runs during the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class KeyedRateLimiterBenchmark {
    private static final int KEYS = Keys.MILLION;

    @State(Scope.Benchmark)
    public static class Allowing {
        KeyedRateLimiter limiter;
        String[] order;

        @Setup(Level.Trial)
        public void setUp() {
            String[] keys = Keys.distinct(KEYS);
            limiter = new KeyedRateLimiter(Limiters.allowingSlowPolicy(), System::nanoTime, 2 * KEYS);
            for (String key : keys) {
                limiter.tryAcquire(key);
            }
            order = Keys.shuffled(keys);
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(true, limiter.tryAcquire(order[0]).allowed(), "keyed allow-path limiter");
            Limiters.expect(true, limiter.size() == KEYS && limiter.overflowDecisions() == 0,
                    "keyed limiter tracks exactly the million keys");
        }
    }

    @State(Scope.Benchmark)
    public static class Rejecting {
        KeyedRateLimiter limiter;
        String[] order;

        @Setup(Level.Trial)
        public void setUp() {
            String[] keys = Keys.distinct(KEYS);
            limiter = new KeyedRateLimiter(Limiters.rejectingPolicy(1), System::nanoTime, 2 * KEYS);
            for (String key : keys) {
                limiter.tryAcquire(key);
            }
            order = Keys.shuffled(keys);
        }

        @TearDown(Level.Iteration)
        public void check() {
            Limiters.expect(false, limiter.tryAcquire(order[0]).allowed(), "keyed reject-path limiter");
            Limiters.expect(true, limiter.size() == KEYS && limiter.overflowDecisions() == 0,
                    "keyed limiter tracks exactly the million keys");
        }
    }

    /** Each thread walks the shared key order from its own starting point. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup(Level.Trial)
        public void setUp(ThreadParams threads) {
            next = threads.getThreadIndex() * (KEYS / threads.getThreadCount());
        }

        int advance() {
            int i = next;
            next = i + 1 == KEYS ? 0 : i + 1;
            return i;
        }
    }

    @Benchmark
    @Threads(1)
    public RateLimitDecision keyedAllow_1t(Allowing s, Cursor c) {
        return s.limiter.tryAcquire(s.order[c.advance()]);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision keyedAllow_2t(Allowing s, Cursor c) {
        return s.limiter.tryAcquire(s.order[c.advance()]);
    }

    @Benchmark
    @Threads(1)
    public RateLimitDecision keyedReject_1t(Rejecting s, Cursor c) {
        return s.limiter.tryAcquire(s.order[c.advance()]);
    }

    @Benchmark
    @Threads(2)
    public RateLimitDecision keyedReject_2t(Rejecting s, Cursor c) {
        return s.limiter.tryAcquire(s.order[c.advance()]);
    }
}
