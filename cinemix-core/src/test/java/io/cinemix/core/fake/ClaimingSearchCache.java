package io.cinemix.core.fake;

import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.core.port.UpstreamBudget;
import io.cinemix.domain.SearchPage;

import java.time.Duration;
import java.util.Optional;

/**
 * A hand-written {@link SearchCache} fake that claims a cold search in one step, as a shared store does: its
 * {@link InMemorySearchCache} read (the too-broad memory when asked), else the fetch claimed ({@link #fetches}).
 */
public final class ClaimingSearchCache implements SearchCache {
    public final InMemorySearchCache pages = new InMemorySearchCache();
    public final FakeClaims fetches;

    public ClaimingSearchCache(UpstreamBudget budget) {
        this.fetches = new FakeClaims(budget);
    }

    @Override
    public ColdRead<SearchRead> readOrClaim(SearchKey key, boolean tooBroadToo, Requester requester) {
        SearchRead read = tooBroadToo ? pages.read(key) : new SearchRead(pages.get(key), false);
        if (read.page().isPresent() || read.tooBroad()) {
            return ColdRead.of(read);
        }
        return fetches.claim(SearchRead.NOTHING, requester);
    }

    @Override
    public boolean putReleasing(SearchKey key, SearchPage page, Duration ttl, Lease lease) {
        fetches.storesReleasing.incrementAndGet();
        return SearchCache.super.putReleasing(key, page, ttl, lease);
    }

    @Override
    public Optional<CachedSearch> get(SearchKey key) {
        return pages.get(key);
    }

    @Override
    public boolean put(SearchKey key, SearchPage page, Duration ttl) {
        return pages.put(key, page, ttl);
    }

    @Override
    public SearchRead read(SearchKey key) {
        return pages.read(key);
    }

    @Override
    public boolean isTooBroad(SearchTerms terms) {
        return pages.isTooBroad(terms);
    }

    @Override
    public boolean rememberTooBroad(SearchTerms terms, Duration ttl) {
        return pages.rememberTooBroad(terms, ttl);
    }
}
