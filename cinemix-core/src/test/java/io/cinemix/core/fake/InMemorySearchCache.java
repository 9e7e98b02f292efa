package io.cinemix.core.fake;

import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.SearchPage;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written {@link SearchCache} fake for unit tests: maps, no expiry, a counter per method (so a test sees how
 * many trips to a store a lookup made: {@link #read} is one), and a switch that makes it answer as a cache absorbing
 * its own outage does: every read a miss and "not too broad", every write not stored.
 */
public final class InMemorySearchCache implements SearchCache {
    public final Map<SearchKey, CachedSearch> pages = new ConcurrentHashMap<>();
    /** Terms remembered as too broad, with the TTL they were remembered for. */
    public final Map<SearchTerms, Duration> tooBroad = new ConcurrentHashMap<>();
    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger tooBroadChecks = new AtomicInteger();
    public final AtomicInteger remembers = new AtomicInteger();
    private volatile boolean failing;

    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** The reads of every kind: each a trip to the store. */
    public int trips() {
        return gets.get() + reads.get() + tooBroadChecks.get();
    }

    @Override
    public Optional<CachedSearch> get(SearchKey key) {
        gets.incrementAndGet();
        return failing ? Optional.empty() : Optional.ofNullable(pages.get(key));
    }

    @Override
    public boolean put(SearchKey key, SearchPage page, Duration ttl) {
        if (failing) {
            return false;
        }
        pages.put(key, new CachedSearch(page, ttl));
        return true;
    }

    /** Both in one trip, as a store that pipelines them does. */
    @Override
    public SearchRead read(SearchKey key) {
        reads.incrementAndGet();
        if (failing) {
            return SearchRead.NOTHING;
        }
        return new SearchRead(Optional.ofNullable(pages.get(key)), tooBroad.containsKey(SearchTerms.of(key)));
    }

    @Override
    public boolean isTooBroad(SearchTerms terms) {
        tooBroadChecks.incrementAndGet();
        return !failing && tooBroad.containsKey(terms);
    }

    @Override
    public boolean rememberTooBroad(SearchTerms terms, Duration ttl) {
        remembers.incrementAndGet();
        if (failing) {
            return false;
        }
        tooBroad.put(terms, ttl);
        return true;
    }
}
