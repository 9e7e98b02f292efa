package io.cinemix.domain.ratelimit;

import io.cinemix.domain.Ticker;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@link RateLimiter} a key (a client address, say), with bounded memory:
 * <ul>
 *   <li>a key is forgotten only once it is idle, after a full window without admits, so eviction never resets a
 *       limit that still counts;</li>
 *   <li>at most {@code maxKeys} keys are tracked. When that many are all active, further new keys share one overflow
 *       limiter (with the same policy) until idle keys make room: a flood of distinct keys cannot exhaust the heap,
 *       nor buy itself fresh limits.</li>
 * </ul>
 * Idle keys are swept at most once a bucket, by whichever caller notices, never by a background thread.
 *
 * <p>Each key holds only its ring of buckets (one {@code long} each) under the map's entry; the policy's arithmetic is
 * shared. A decision reads the ticker once and locks only its key's ring.
 */
public final class KeyedRateLimiter {
    private final SlidingWindow window;
    private final Ticker ticker;
    private final int maxKeys;
    private final long sweepIntervalNanos;
    /** Per key, its ring of slots (see {@link SlidingWindow}). */
    private final ConcurrentHashMap<String, long[]> limiters = new ConcurrentHashMap<>();
    private final long[] overflow;
    private final ReentrantLock sweeping = new ReentrantLock();
    private final AtomicLong nextSweepAt;
    private final AtomicLong overflowDecisions = new AtomicLong();

    public KeyedRateLimiter(RateLimitPolicy policy, Ticker ticker, int maxKeys) {
        Objects.requireNonNull(policy, "policy");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys + ".");
        }
        this.window = new SlidingWindow(policy, ticker);
        this.maxKeys = maxKeys;
        this.sweepIntervalNanos = policy.bucket().toNanos();
        long now = ticker.read();
        this.overflow = window.newSlots(now);
        this.nextSweepAt = new AtomicLong(now + sweepIntervalNanos);
    }

    /** Decides one request for {@code key}. */
    public RateLimitDecision tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        long now = ticker.read();
        return window.decide(slotsOf(key, now), now);
    }

    /** Keys tracked now (live or not yet swept). */
    public int size() {
        return limiters.size();
    }

    /** Decisions taken by the shared overflow limiter because the table was full of active keys. */
    public long overflowDecisions() {
        return overflowDecisions.get();
    }

    private long[] slotsOf(String key, long now) {
        sweepIfDue(now);
        long[] slots = limiters.get(key);
        return slots != null ? slots : admitKey(key, now);
    }

    private long[] admitKey(String key, long now) {
        if (limiters.size() >= maxKeys) {
            sweep(now);
            if (limiters.size() >= maxKeys) {
                overflowDecisions.incrementAndGet();
                return overflow;
            }
        }
        return limiters.computeIfAbsent(key, k -> window.newSlots(now));
    }

    private void sweepIfDue(long now) {
        long due = nextSweepAt.get();
        if (now - due >= 0 && nextSweepAt.compareAndSet(due, now + sweepIntervalNanos)) {
            sweep(now);
        }
    }

    /**
     * Forgets idle keys. A ring is idle only when none of its buckets counts any more, so a caller that still holds
     * it can only add a first admit, exactly what a fresh one would have given.
     */
    private void sweep(long now) {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            limiters.values().removeIf(slots -> window.isIdle(slots, now));
        } finally {
            sweeping.unlock();
        }
    }
}
