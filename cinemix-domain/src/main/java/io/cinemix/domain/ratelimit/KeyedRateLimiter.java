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
 */
public final class KeyedRateLimiter {
    private final RateLimitPolicy policy;
    private final Ticker ticker;
    private final int maxKeys;
    private final long sweepIntervalNanos;
    private final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final RateLimiter overflow;
    private final ReentrantLock sweeping = new ReentrantLock();
    private final AtomicLong nextSweepAt;
    private final AtomicLong overflowDecisions = new AtomicLong();

    public KeyedRateLimiter(RateLimitPolicy policy, Ticker ticker, int maxKeys) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys + ".");
        }
        this.maxKeys = maxKeys;
        this.sweepIntervalNanos = policy.bucket().toNanos();
        this.overflow = new RateLimiter(policy, ticker);
        this.nextSweepAt = new AtomicLong(ticker.read() + sweepIntervalNanos);
    }

    /** Decides one request for {@code key}. */
    public RateLimitDecision tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        sweepIfDue();
        RateLimiter limiter = limiters.get(key);
        if (limiter == null) {
            limiter = admitKey(key);
        }
        return limiter.tryAcquire();
    }

    public boolean allowRequest(String key) {
        return tryAcquire(key).allowed();
    }

    /** Keys tracked now (live or not yet swept). */
    public int size() {
        return limiters.size();
    }

    /** Decisions taken by the shared overflow limiter because the table was full of active keys. */
    public long overflowDecisions() {
        return overflowDecisions.get();
    }

    private RateLimiter admitKey(String key) {
        if (limiters.size() >= maxKeys) {
            sweep();
            if (limiters.size() >= maxKeys) {
                overflowDecisions.incrementAndGet();
                return overflow;
            }
        }
        return limiters.computeIfAbsent(key, k -> new RateLimiter(policy, ticker));
    }

    private void sweepIfDue() {
        long due = nextSweepAt.get();
        if (ticker.read() - due >= 0 && nextSweepAt.compareAndSet(due, ticker.read() + sweepIntervalNanos)) {
            sweep();
        }
    }

    /**
     * Forgets idle keys. A limiter is idle only when none of its buckets counts any more, so a caller that still holds
     * it can only add a first admit, exactly what a fresh limiter would have given.
     */
    private void sweep() {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            limiters.values().removeIf(RateLimiter::isIdle);
        } finally {
            sweeping.unlock();
        }
    }
}
