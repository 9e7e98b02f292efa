package io.cinemix.domain.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The shape of a sliding-window-counter limit: at most {@code maxThreshold} admits counted over the current bucket and
 * the {@code window / bucket - 1} before it. The seed's values are {@link #DEFAULT}: 10 s buckets, a 60 s window, 10
 * requests.
 */
public record RateLimitPolicy(Duration bucket, Duration window, int maxThreshold) {
    /** The seed's {@code BUCKET_SIZE}, {@code WINDOW_SIZE} and {@code MAX_THRESHOLD}. */
    public static final RateLimitPolicy DEFAULT =
            new RateLimitPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 10);

    /** Counts are packed next to their epoch in one {@code long}; this is what fits. */
    public static final int MAX_THRESHOLD_SUPPORTED = (1 << RateLimiter.COUNT_BITS) - 1;

    public RateLimitPolicy {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(window, "window");
        if (bucket.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("The bucket size must be at least 1 ms, got " + bucket + ".");
        }
        if (window.compareTo(bucket) < 0 || window.toNanos() % bucket.toNanos() != 0) {
            throw new IllegalArgumentException("The window size (" + window.toSeconds()
                    + " s) must be a whole multiple of the bucket size (" + bucket.toSeconds() + " s).");
        }
        if (window.toNanos() / bucket.toNanos() > 3600) {
            throw new IllegalArgumentException("The window may hold at most 3600 buckets.");
        }
        if (maxThreshold < 1 || maxThreshold > MAX_THRESHOLD_SUPPORTED) {
            throw new IllegalArgumentException("The threshold must be from 1 to " + MAX_THRESHOLD_SUPPORTED
                    + ", got " + maxThreshold + ".");
        }
    }

    /** Convenience for configuration in whole seconds. */
    public static RateLimitPolicy ofSeconds(long bucketSeconds, long windowSeconds, int maxThreshold) {
        if (bucketSeconds <= 0) {
            throw new IllegalArgumentException("The bucket size must be positive, got " + bucketSeconds + " s.");
        }
        return new RateLimitPolicy(Duration.ofSeconds(bucketSeconds), Duration.ofSeconds(windowSeconds), maxThreshold);
    }

    public int buckets() {
        return (int) (window.toNanos() / bucket.toNanos());
    }
}
