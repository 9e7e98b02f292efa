package io.cinemix.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchTerms;

import io.cinemix.domain.SearchPage;
import io.cinemix.domain.Ticker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link SearchCache} in this process's memory, for a single instance without Redis: at most {@code maxEntries}
 * pages and as many too-broad search terms (Caffeine's bound: when full, expired entries go first, then the ones least
 * likely to be read again). Time comes from the {@link Ticker}.
 */
public final class InProcessSearchCache implements SearchCache {
    private record Entry(SearchPage page, long expiresAt) {
    }

    private final Ticker ticker;
    private final Cache<SearchKey, Entry> pages;
    /** Per search terms, when they stop being remembered as too broad. */
    private final Cache<SearchTerms, Long> tooBroad;

    public InProcessSearchCache(Ticker ticker, int maxEntries) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.pages = DeadlineCache.build(ticker, maxEntries, Entry::expiresAt);
        this.tooBroad = DeadlineCache.build(ticker, maxEntries, Long::longValue);
    }

    @Override
    public Optional<CachedSearch> get(SearchKey key) {
        Entry entry = pages.getIfPresent(key);
        long left = entry == null ? 0 : entry.expiresAt() - ticker.read();
        return left > 0 ? Optional.of(new CachedSearch(entry.page(), Duration.ofNanos(left))) : Optional.empty();
    }

    @Override
    public boolean put(SearchKey key, SearchPage page, Duration ttl) {
        Objects.requireNonNull(page, "page");
        pages.put(key, new Entry(page, ticker.read() + ttl.toNanos()));
        return true;
    }

    @Override
    public boolean isTooBroad(SearchTerms terms) {
        Long until = tooBroad.getIfPresent(terms);
        return until != null && until - ticker.read() > 0;
    }

    @Override
    public boolean rememberTooBroad(SearchTerms terms, Duration ttl) {
        tooBroad.put(terms, ticker.read() + ttl.toNanos());
        return true;
    }
}
