package io.cinemix.domain.ratelimit;

import io.cinemix.domain.Ticker;

/**
 * A sliding-window-counter rate limiter (the Cinemix seed's algorithm). Time is cut into buckets aligned to the
 * ticker, {@code floor(now / bucket)}; a decision counts the current bucket and the {@code n - 1} before it
 * ({@code n = window / bucket}) and admits while that sum is below the threshold. Only admitted requests count.
 *
 * <p>Guarantee: never more than {@code maxThreshold} admits in any interval of {@code window - bucket}; in the worst
 * case {@code 2 * maxThreshold} inside one full window (admits bunched at the end of one bucket and at the start of the
 * bucket where it stops counting).
 *
 * <p>Thread-safe: a decision takes a lock private to this limiter. The clock never goes backwards in effect: a ticker
 * that does is held at its highest reading.
 *
 * <p>State: one {@code long} a bucket (its epoch and count packed), so a limiter costs little more than its buckets.
 */
public final class RateLimiter {
    /** The seed's constants, in seconds and requests. */
    public static final int BUCKET_SIZE = 10;
    public static final int WINDOW_SIZE = 60;
    public static final int MAX_THRESHOLD = 10;

    static final int COUNT_BITS = SlidingWindow.COUNT_BITS;

    private final SlidingWindow window;
    /** One slot a bucket; see {@link SlidingWindow}. */
    private final long[] slots;

    public RateLimiter(RateLimitPolicy policy, Ticker ticker) {
        this.window = new SlidingWindow(policy, ticker);
        this.slots = window.newSlots(ticker.read());
    }

    /** A limiter with the seed's policy: 10 requests a 60 s window counted in 10 s buckets. */
    public RateLimiter(Ticker ticker) {
        this(RateLimitPolicy.DEFAULT, ticker);
    }

    /** The seed's call: {@code true} admits (and counts) the request. Same decision as {@link #tryAcquire()}. */
    public boolean allowRequest() {
        return tryAcquire().allowed();
    }

    /** Decides one request and says what is left; see {@link RateLimitDecision}. */
    public RateLimitDecision tryAcquire() {
        return window.decide(slots, window.ticker.read());
    }

    /** Whether nothing counts any more: after a full window without admits. Reads only. */
    public boolean isIdle() {
        return window.isIdle(slots, window.ticker.read());
    }
}
