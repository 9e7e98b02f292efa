package io.cinemix.app;

import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.SearchPage;

import java.time.Duration;
import java.util.Optional;

/** A span per read of the search cache ({@code cinemix.search_cache.read}); writes pass through untraced. */
final class TracedSearchCache implements SearchCache {
    private static final String READ = "cinemix.search_cache.read";
    private final SearchCache cache;
    private final Traces traces;

    TracedSearchCache(SearchCache cache, Traces traces) {
        this.cache = cache;
        this.traces = traces;
    }

    @Override
    public Optional<CachedSearch> get(SearchKey key) {
        return traces.inSpan(READ, () -> cache.get(key),
                (span, page) -> span.setAttribute("cinemix.cache.result", page.isPresent() ? "hit" : "miss"));
    }

    @Override
    public SearchRead read(SearchKey key) {
        return traces.inSpan(READ, () -> cache.read(key), (span, read) -> span.setAttribute("cinemix.cache.result",
                read.page().isPresent() ? "hit" : read.tooBroad() ? "too-broad" : "miss"));
    }

    @Override
    public boolean put(SearchKey key, SearchPage page, Duration ttl) {
        return cache.put(key, page, ttl);
    }

    @Override
    public boolean isTooBroad(SearchTerms terms) {
        return traces.inSpan(READ, () -> cache.isTooBroad(terms),
                (span, tooBroad) -> span.setAttribute("cinemix.cache.result", tooBroad ? "too-broad" : "miss"));
    }

    @Override
    public boolean rememberTooBroad(SearchTerms terms, Duration ttl) {
        return cache.rememberTooBroad(terms, ttl);
    }
}
