package io.cinemix.adapter.memory;

import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;

import io.cinemix.domain.SearchPage;
import io.cinemix.domain.Ticker;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link SearchCache} in this process's memory, for a single instance without Redis: at most {@code maxEntries}
 * pages; when full, expired entries go first, then arbitrary ones. Time comes from the {@link Ticker}.
 */
public final class InProcessSearchCache implements SearchCache {
    private record Entry(SearchPage page, long expiresAt) {
    }

    private final Ticker ticker;
    private final int maxEntries;
    private final ConcurrentHashMap<SearchKey, Entry> pages = new ConcurrentHashMap<>();

    public InProcessSearchCache(Ticker ticker, int maxEntries) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries + ".");
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public Optional<CachedSearch> get(SearchKey key) {
        Entry entry = pages.get(key);
        long left = entry == null ? 0 : entry.expiresAt() - ticker.read();
        return left > 0 ? Optional.of(new CachedSearch(entry.page(), Duration.ofNanos(left))) : Optional.empty();
    }

    @Override
    public boolean put(SearchKey key, SearchPage page, Duration ttl) {
        Objects.requireNonNull(page, "page");
        if (pages.size() >= maxEntries) {
            long now = ticker.read();
            pages.values().removeIf(entry -> entry.expiresAt() - now <= 0);
            Iterator<SearchKey> keys = pages.keySet().iterator();
            while (pages.size() >= maxEntries && keys.hasNext()) {
                keys.next();
                keys.remove();
            }
        }
        pages.put(key, new Entry(page, ticker.read() + ttl.toNanos()));
        return true;
    }
}
