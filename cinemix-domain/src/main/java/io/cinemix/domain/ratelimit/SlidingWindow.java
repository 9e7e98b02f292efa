package io.cinemix.domain.ratelimit;

import io.cinemix.domain.Ticker;

import java.util.Arrays;
import java.util.Objects;

/**
 * The sliding-window-counter arithmetic of one policy, shared by every limiter of that policy; a limiter's state is
 * only its ring of slots, {@code long[n]}: slot {@code epoch mod n} holds {@code epoch << COUNT_BITS | count} of the
 * last bucket that used it. Keeping the state to that one array is what makes a keyed limiter cheap per key.
 *
 * <p>Concurrency: every read and write of a ring happens under the ring's own monitor. A decision uses an epoch never
 * lower than the highest stamp already in the ring, so a ticker that goes backwards (or a thread that read it before
 * another admitted) is held at the highest reading in effect and never overwrites a later bucket.
 */
final class SlidingWindow {
    static final int COUNT_BITS = 20;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    final Ticker ticker;
    private final long bucketNanos;
    private final int buckets;
    private final int limit;
    private final long windowSeconds;

    SlidingWindow(RateLimitPolicy policy, Ticker ticker) {
        Objects.requireNonNull(policy, "policy");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.bucketNanos = policy.bucket().toNanos();
        this.buckets = policy.buckets();
        this.limit = policy.maxThreshold();
        this.windowSeconds = ceilSeconds(policy.window().toNanos());
    }

    /** A fresh ring at {@code now}: every slot stamped a full window ago, so none counts. */
    long[] newSlots(long now) {
        long[] slots = new long[buckets];
        Arrays.fill(slots, (epochAt(now) - buckets) << COUNT_BITS);
        return slots;
    }

    /** Decides one request at {@code now}, counts it if admitted, and says what is left. */
    RateLimitDecision decide(long[] slots, long now) {
        synchronized (slots) {
            long epoch = Math.max(epochAt(now), latestStamp(slots));
            int live = liveSum(slots, epoch);
            if (live >= limit) {
                return rejection(slots, now, epoch, live);
            }
            int index = (int) Math.floorMod(epoch, (long) buckets);
            long slot = slots[index];
            slots[index] = stampOf(slot) == epoch ? slot + 1 : (epoch << COUNT_BITS) | 1;
            return new RateLimitDecision(true, limit, limit - live - 1, secondsUntilOldestExpires(slots, now, epoch));
        }
    }

    /** Whether nothing counts any more at {@code now}: after a full window without admits. */
    boolean isIdle(long[] slots, long now) {
        synchronized (slots) {
            return liveSum(slots, epochAt(now)) == 0;
        }
    }

    private long epochAt(long nanos) {
        return Math.floorDiv(nanos, bucketNanos);
    }

    private static long stampOf(long slot) {
        return slot >> COUNT_BITS;
    }

    private static long latestStamp(long[] slots) {
        long latest = Long.MIN_VALUE;
        for (long slot : slots) {
            latest = Math.max(latest, stampOf(slot));
        }
        return latest;
    }

    /** Sum of the buckets that count at {@code epoch}: stamps in {@code (epoch - n, epoch]}, or later (never older). */
    private int liveSum(long[] slots, long epoch) {
        long oldestCounted = epoch - buckets + 1;
        int sum = 0;
        for (long slot : slots) {
            if (stampOf(slot) >= oldestCounted) {
                sum += (int) (slot & COUNT_MASK);
            }
        }
        return sum;
    }

    private RateLimitDecision rejection(long[] slots, long now, long epoch, int live) {
        // Walk the counted buckets from the oldest; the one whose expiry brings the sum below the limit frees a permit.
        int sum = live;
        long freeingEpoch = epoch;
        long oldest = epoch - buckets + 1;
        int index = (int) Math.floorMod(oldest, (long) buckets);
        for (long e = oldest; e <= epoch; e++, index = index + 1 == buckets ? 0 : index + 1) {
            int count = countIn(slots[index], e);
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
        return new RateLimitDecision(false, limit, 0, Math.max(1, Math.min(seconds, windowSeconds)));
    }

    private long secondsUntilOldestExpires(long[] slots, long now, long epoch) {
        long oldestCounted = epoch - buckets + 1;
        long oldest = Long.MAX_VALUE;
        for (long slot : slots) {
            long stamp = stampOf(slot);
            if (stamp >= oldestCounted && (slot & COUNT_MASK) > 0) {
                oldest = Math.min(oldest, stamp);
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, ceilSeconds((oldest + buckets) * bucketNanos - now));
    }

    /** The count a slot holds for {@code epoch}: 0 unless it is stamped with that very epoch. */
    private static int countIn(long slot, long epoch) {
        return stampOf(slot) == epoch ? (int) (slot & COUNT_MASK) : 0;
    }

    private static long ceilSeconds(long nanos) {
        return Math.floorDiv(nanos + NANOS_PER_SECOND - 1, NANOS_PER_SECOND);
    }
}
