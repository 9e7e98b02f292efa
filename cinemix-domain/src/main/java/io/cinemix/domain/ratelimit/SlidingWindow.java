package io.cinemix.domain.ratelimit;

import io.cinemix.domain.Ticker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * The sliding-window-counter arithmetic of one policy, shared by every limiter of that policy; the per-limiter state
 * is only a ring of slots ({@code long[n]}, one a bucket, indexed {@code epoch mod n}, each
 * {@code epoch << COUNT_BITS | count}). Keeping the state to that one array is what makes a keyed limiter cheap per key.
 *
 * <p>Concurrency: a rejection only reads the slots (acquire loads: no lock, no store); an admission takes the monitor of
 * the slots array, re-checks and stores with release semantics. Within the monitor the epoch used is never lower than
 * the highest stamp already in the ring, so a ticker that goes backwards is held at its highest reading in effect.
 */
final class SlidingWindow {
    static final int COUNT_BITS = 20;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    final Ticker ticker;
    private final long bucketNanos;
    private final int buckets;
    private final int limit;
    /**
     * The epoch of a recent reading, so that a reading in the same bucket needs no 64-bit division (4 of the 16 ns a
     * decision takes besides the ticker). Any thread may replace it with the epoch of its own reading; a reader checks
     * it against its own reading, so a stale or racing value only costs the division. Only epochs whose first
     * nanosecond is a {@code long} are kept, so {@code recentEpoch * bucketNanos} never overflows.
     */
    private volatile long recentEpoch;

    SlidingWindow(RateLimitPolicy policy, Ticker ticker) {
        Objects.requireNonNull(policy, "policy");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.bucketNanos = policy.bucket().toNanos();
        this.buckets = policy.buckets();
        this.limit = policy.maxThreshold();
    }

    /**
     * A fresh ring at {@code now}: no slot counts (every stamp is a full window old). Slot {@code i} always holds an
     * epoch congruent to {@code i} modulo {@code n}, from the start, which lets an admission find its slot without a
     * division.
     */
    long[] newSlots(long now) {
        long[] slots = new long[buckets];
        long start = epochAt(now) - buckets;
        for (int i = 0; i < buckets; i++) {
            long stamp = start - Math.floorMod(start - i, (long) buckets);
            slots[i] = stamp << COUNT_BITS;
        }
        return slots;
    }

    /** Decides one request at {@code now}; a rejection reads only. */
    boolean allow(long[] slots, long now) {
        long epoch = epochAt(now);
        if (liveSum(slots, epoch) >= limit) {
            return false;
        }
        synchronized (slots) {
            int latest = latestSlot(slots);
            return admitAt(slots, Math.max(epoch, stampAt(slots, latest)), latest);
        }
    }

    /** Same decision as {@link #allow}, with what is left; see {@link RateLimitDecision}. */
    RateLimitDecision decide(long[] slots, long now) {
        long epoch = epochAt(now);
        if (liveSum(slots, epoch) >= limit) {
            return rejection(slots, now, epoch);
        }
        synchronized (slots) {
            int latest = latestSlot(slots);
            epoch = Math.max(epoch, stampAt(slots, latest));
            if (!admitAt(slots, epoch, latest)) {
                return rejection(slots, now, epoch);
            }
            int live = liveSum(slots, epoch); // this admit included
            return new RateLimitDecision(true, limit, limit - live, secondsUntilOldestExpires(slots, now, epoch));
        }
    }

    /** Whether nothing counts any more at {@code now}: after a full window without admits. Reads only. */
    boolean isIdle(long[] slots, long now) {
        return liveSum(slots, epochAt(now)) == 0;
    }

    /**
     * Under the monitor: where the highest stamp is. Deciding at no lower epoch keeps stamps monotonic, so a ticker
     * that goes backwards (or a thread that read it before another admitted) never overwrites a later bucket.
     */
    private static int latestSlot(long[] slots) {
        int latest = 0;
        for (int i = 1; i < slots.length; i++) {
            if (slots[i] >> COUNT_BITS > slots[latest] >> COUNT_BITS) {
                latest = i;
            }
        }
        return latest;
    }

    private static long stampAt(long[] slots, int index) {
        return slots[index] >> COUNT_BITS;
    }

    /** Under the monitor, {@code epoch} not below the stamp at {@code latest}: admits and counts if the sum allows. */
    private boolean admitAt(long[] slots, long epoch, int latest) {
        if (liveSum(slots, epoch) >= limit) {
            return false;
        }
        int index = slotOf(epoch, latest, stampAt(slots, latest));
        long slot = slots[index];
        long updated = (slot >> COUNT_BITS) == epoch ? slot + 1 : (epoch << COUNT_BITS) | 1;
        SLOT.setRelease(slots, index, updated);
        return true;
    }

    /** {@code epoch mod n}, counted on from the latest slot (stamps are congruent to their index): no division. */
    private int slotOf(long epoch, int latest, long latestStamp) {
        long ahead = epoch - latestStamp;
        if (ahead >= buckets) {
            return (int) Math.floorMod(epoch, (long) buckets);
        }
        int index = latest + (int) ahead;
        return index >= buckets ? index - buckets : index;
    }

    /** {@code floorDiv(nanos, bucketNanos)}, without the division while the readings stay in one bucket. */
    long epochAt(long nanos) {
        long recent = recentEpoch;
        long start = recent * bucketNanos;
        long intoBucket = nanos - start;
        if (nanos >= start && intoBucket >= 0 && intoBucket < bucketNanos) { // >= 0: the subtraction did not wrap
            return recent;
        }
        long epoch = Math.floorDiv(nanos, bucketNanos);
        if (epoch >= Long.MIN_VALUE / bucketNanos) {
            recentEpoch = epoch;
        }
        return epoch;
    }

    /** Sum of the buckets that count at {@code epoch}: stamps in {@code (epoch - n, epoch]}, or later (never older). */
    private int liveSum(long[] slots, long epoch) {
        long oldestCounted = epoch - buckets + 1;
        int sum = 0;
        for (int i = 0; i < slots.length; i++) {
            long slot = (long) SLOT.getAcquire(slots, i);
            if ((slot >> COUNT_BITS) >= oldestCounted) {
                sum += (int) (slot & COUNT_MASK);
            }
        }
        return sum;
    }

    private RateLimitDecision rejection(long[] slots, long now, long epoch) {
        // Walk the counted buckets from the oldest; the one whose expiry brings the sum below the limit frees a permit.
        int sum = liveSum(slots, epoch);
        long freeingEpoch = epoch;
        for (long e = epoch - buckets + 1; e <= epoch; e++) {
            int count = countAt(slots, e);
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

    private long secondsUntilOldestExpires(long[] slots, long now, long epoch) {
        for (long e = epoch - buckets + 1; e <= epoch; e++) {
            if (countAt(slots, e) > 0) {
                return Math.max(0, ceilSeconds((e + buckets) * bucketNanos - now));
            }
        }
        return 0;
    }

    private int countAt(long[] slots, long epoch) {
        long slot = (long) SLOT.getAcquire(slots, (int) Math.floorMod(epoch, (long) buckets));
        return (slot >> COUNT_BITS) == epoch ? (int) (slot & COUNT_MASK) : 0;
    }

    private static long ceilSeconds(long nanos) {
        return Math.floorDiv(nanos + NANOS_PER_SECOND - 1, NANOS_PER_SECOND);
    }
}
