package io.cinemix.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.cinemix.domain.Ticker;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Builds the Caffeine caches of this adapter: each value carries the {@link Ticker} reading at which it is dropped
 * (its own deadline, so every put has its own TTL), and at most {@code maxEntries} are kept (Caffeine's W-TinyLFU
 * bound, exact once maintenance has run). Caffeine reads the same ticker, so a fake one drives expiry in tests; its
 * maintenance runs on the calling thread, so what a test sees right after a call is settled.
 */
final class DeadlineCache {
    private DeadlineCache() {
    }

    static <K, V> Cache<K, V> build(Ticker ticker, int maxEntries, ToLongFunction<? super V> dropAt) {
        Objects.requireNonNull(ticker, "ticker");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries + ".");
        }
        return Caffeine.newBuilder()
                .ticker(ticker::read)
                .executor(Runnable::run)
                .maximumSize(maxEntries)
                .expireAfter(new UntilDeadline<K, V>(dropAt))
                .build();
    }

    /** Keeps an entry until its value's deadline; a read does not extend it, a write sets the new value's. */
    private record UntilDeadline<K, V>(ToLongFunction<? super V> dropAt) implements Expiry<K, V> {
        @Override
        public long expireAfterCreate(K key, V value, long currentTime) {
            return Math.max(0, dropAt.applyAsLong(value) - currentTime);
        }

        @Override
        public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
