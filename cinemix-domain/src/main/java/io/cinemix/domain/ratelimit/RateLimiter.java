package io.cinemix.domain.ratelimit;

import io.cinemix.domain.Ticker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A sliding-window-counter rate limiter (the Cinemix seed's algorithm). Time is cut into buckets aligned to the
 * ticker, {@code floor(now / bucket)}; a decision counts the current bucket and the {@code n - 1} before it
 * ({@code n = window / bucket}) and admits while that sum is below the threshold. Only admitted requests count.
 *
 * <p>Guarantee: never more than {@code maxThreshold} admits in any interval of {@code window - bucket}; in the worst
 * case {@code 2 * maxThreshold} inside one full window (admits bunched at the end of one bucket and at the start of the
 * bucket where it stops counting).
 *
 * <p>Thread-safe. A rejection reads and writes nothing shared but its result (no lock, no store); an admission takes
 * this limiter's monitor. The clock never goes backwards in effect: a ticker that does is held at its highest reading.
 */
public final class RateLimiter {
    /** The seed's constants, in seconds and requests. */
    public static final int BUCKET_SIZE = 10;
    public static final int WINDOW_SIZE = 60;
    public static final int MAX_THRESHOLD = 10;

    static final int COUNT_BITS = 20;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final Ticker ticker;
    private final long bucketNanos;
    private final int buckets;
    private final int limit;
    /** One slot a bucket, indexed {@code epoch mod n}: {@code epoch << COUNT_BITS | count}. */
    private final long[] slots;
    /** Highest epoch an admission has used; guarded by {@code this}. */
    private long lastEpoch = Long.MIN_VALUE;

    public RateLimiter(RateLimitPolicy policy, Ticker ticker) {
        Objects.requireNonNull(policy, "policy");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.bucketNanos = policy.bucket().toNanos();
        this.buckets = policy.buckets();
        this.limit = policy.maxThreshold();
        this.slots = new long[buckets];
        long start = epochAt(ticker.read()) - buckets;
        for (int i = 0; i < buckets; i++) {
            slots[i] = start << COUNT_BITS;
        }
    }

    /** A limiter with the seed's policy: 10 requests a 60 s window counted in 10 s buckets. */
    public RateLimiter(Ticker ticker) {
        this(RateLimitPolicy.DEFAULT, ticker);
    }

    /** The seed's call: {@code true} admits (and counts) the request. */
    public boolean allowRequest() {
        return tryAcquire().allowed();
    }

    /** Decides one request and says what is left; see {@link RateLimitDecision}. */
    public RateLimitDecision tryAcquire() {
        long now = ticker.read();
        long epoch = epochAt(now);
        int live = liveSum(epoch);
        if (live >= limit) {
            return rejection(now, epoch);
        }
        synchronized (this) {
            now = ticker.read();
            epoch = Math.max(epochAt(now), lastEpoch);
            live = liveSum(epoch);
            if (live >= limit) {
                return rejection(now, epoch);
            }
            int index = (int) Math.floorMod(epoch, (long) buckets);
            long slot = (long) SLOT.getOpaque(slots, index);
            long updated = (slot >> COUNT_BITS) == epoch ? slot + 1 : (epoch << COUNT_BITS) | 1;
            SLOT.setRelease(slots, index, updated);
            lastEpoch = epoch;
            return new RateLimitDecision(true, limit, limit - live - 1, secondsUntilOldestExpires(now, epoch));
        }
    }

    /** Whether nothing counts any more: after a full window without admits. Reads only. */
    public boolean isIdle() {
        return liveSum(epochAt(ticker.read())) == 0;
    }

    private long epochAt(long nanos) {
        return Math.floorDiv(nanos, bucketNanos);
    }

    /** Sum of the buckets that count at {@code epoch}: stamps in {@code (epoch - n, epoch]}, or later (never older). */
    private int liveSum(long epoch) {
        long oldestCounted = epoch - buckets + 1;
        int sum = 0;
        for (int i = 0; i < buckets; i++) {
            long slot = (long) SLOT.getAcquire(slots, i);
            if ((slot >> COUNT_BITS) >= oldestCounted) {
                sum += (int) (slot & COUNT_MASK);
            }
        }
        return sum;
    }

    private RateLimitDecision rejection(long now, long epoch) {
        // Walk the counted buckets from the oldest; the one whose expiry brings the sum below the limit frees a permit.
        int sum = liveSum(epoch);
        long freeingEpoch = epoch;
        for (long e = epoch - buckets + 1; e <= epoch; e++) {
            int count = countAt(e);
            if (count == 0) {
                continue;
            }
            sum -= count;
            freeingEpoch = e;
            if (sum < limit) {
                break;
            }
        }
        long seconds = ceilSeconds((freeingEpoch + buckets) * bucketNanos - now);
        long windowSeconds = ceilSeconds(bucketNanos * buckets);
        return new RateLimitDecision(false, limit, 0, Math.max(1, Math.min(seconds, windowSeconds)));
    }

    private long secondsUntilOldestExpires(long now, long epoch) {
        for (long e = epoch - buckets + 1; e <= epoch; e++) {
            if (countAt(e) > 0) {
                return Math.max(0, ceilSeconds((e + buckets) * bucketNanos - now));
            }
        }
        return 0;
    }

    private int countAt(long epoch) {
        long slot = (long) SLOT.getAcquire(slots, (int) Math.floorMod(epoch, (long) buckets));
        return (slot >> COUNT_BITS) == epoch ? (int) (slot & COUNT_MASK) : 0;
    }

    private static long ceilSeconds(long nanos) {
        return Math.floorDiv(nanos + NANOS_PER_SECOND - 1, NANOS_PER_SECOND);
    }
}
