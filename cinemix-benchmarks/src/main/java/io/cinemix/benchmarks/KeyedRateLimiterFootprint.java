package io.cinemix.benchmarks;

import io.cinemix.domain.ratelimit.KeyedRateLimiter;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import org.openjdk.jol.info.GraphLayout;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;

/**
 * Retained heap per live key of a {@link KeyedRateLimiter}: fills it with N distinct keys (one admit each, so every key
 * is live) and compares the heap used after a full GC before and after. The key strings are allocated before the
 * first reading, so the figure is what the limiter itself adds per key; the strings' own cost is printed apart.
 * A JOL walk of the limiter's object graph cross-checks the figure on a smaller table.
 *
 * <p>Run: {@code java -XX:+UseSerialGC -Xmx1g -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true
 * -cp cinemix-benchmarks/target/benchmarks.jar io.cinemix.benchmarks.KeyedRateLimiterFootprint [keys]} (the two
 * properties let JOL size objects on JDK 17, records included; the serial collector makes "used after GC" exact).
 */
public final class KeyedRateLimiterFootprint {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private KeyedRateLimiterFootprint() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : Keys.MILLION;
        RateLimitPolicy policy = RateLimitPolicy.DEFAULT;

        long beforeKeys = usedAfterGc();
        String[] keys = Keys.distinct(n);
        long beforeLimiter = usedAfterGc();
        KeyedRateLimiter limiter = new KeyedRateLimiter(policy, System::nanoTime, 2 * n);
        for (String key : keys) {
            if (!limiter.tryAcquire(key).allowed()) {
                throw new IllegalStateException("the first request of a key was rejected");
            }
        }
        long afterLimiter = usedAfterGc();
        if (limiter.size() != n) {
            throw new IllegalStateException("tracks " + limiter.size() + " keys, expected " + n);
        }

        double keyBytes = (double) (beforeLimiter - beforeKeys) / n;
        double perKey = (double) (afterLimiter - beforeLimiter) / n;
        System.out.printf("policy %s, %,d live keys (MemoryMXBean, heap used after full GC)%n", policy, n);
        System.out.printf("  limiter, excluding key strings: %8.1f bytes per live key%n", perKey);
        System.out.printf("  key strings alone (10.x.y.z):   %8.1f bytes per key%n", keyBytes);
        System.out.printf("  limiter including key strings:  %8.1f bytes per live key%n", perKey + keyBytes);
        Reference.reachabilityFence(keys);
        Reference.reachabilityFence(limiter);

        int small = Math.min(n, 100_000);
        KeyedRateLimiter sample = new KeyedRateLimiter(policy, System::nanoTime, 2 * small);
        for (int i = 0; i < small; i++) {
            sample.tryAcquire(keys[i]);
        }
        GraphLayout empty = GraphLayout.parseInstance(new KeyedRateLimiter(policy, System::nanoTime, 2 * small));
        GraphLayout graph = GraphLayout.parseInstance(sample);
        GraphLayout keyGraph = GraphLayout.parseInstance((Object[]) java.util.Arrays.copyOf(keys, small));
        long keysOnly = keyGraph.totalSize() - (16 + 4L * small); // less the array holding them
        double jolPerKey = (double) (graph.totalSize() - empty.totalSize()) / small;
        System.out.printf("JOL object graph, %,d live keys:%n", small);
        System.out.printf("  limiter including key strings:  %8.1f bytes per live key%n", jolPerKey);
        System.out.printf("  limiter, excluding key strings: %8.1f bytes per live key%n",
                jolPerKey - (double) keysOnly / small);
        System.out.println(graph.toFootprint());
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
