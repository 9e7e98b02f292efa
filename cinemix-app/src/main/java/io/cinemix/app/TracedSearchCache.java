package io.cinemix.app;

import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.SearchPage;

import java.time.Duration;
import java.util.Optional;

/**
 * A span per read of the search cache ({@code cinemix.search_cache.read}); when the read claims the fetch in the same
 * step ({@link #readOrClaim}), the lease and the budget spent are attributes of it, as {@link TracedMovieCache} has
 * them, and a lease found held elsewhere is a {@code cinemix.lease} span lasting the wait. Writes pass through
 * untraced.
 */
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
        return traces.inSpan(READ, () -> cache.read(key),
                (span, read) -> span.setAttribute("cinemix.cache.result", result(read)));
    }

    @Override
    public ColdRead<SearchRead> readOrClaim(SearchKey key, boolean tooBroadToo, Requester requester) {
        ColdRead<SearchRead> cold = traces.inSpan(READ, () -> cache.readOrClaim(key, tooBroadToo, requester),
                (span, read) -> {
                    span.setAttribute("cinemix.cache.result", result(read.read()));
                    TracedMovieCache.claim(span, read);
                });
        cold.lease().filter(lease -> !lease.granted()).ifPresent(traces::leaseWait);
        return cold;
    }

    private static String result(SearchRead read) {
        return read.page().isPresent() ? "hit" : read.tooBroad() ? "too-broad" : "miss";
    }

    @Override
    public boolean put(SearchKey key, SearchPage page, Duration ttl) {
        return cache.put(key, page, ttl);
    }

    @Override
    public boolean putReleasing(SearchKey key, SearchPage page, Duration ttl, FetchLeases.Lease lease) {
        return cache.putReleasing(key, page, ttl, lease);
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
