package io.cinemix.core.port;


import io.cinemix.domain.SearchPage;

import java.time.Duration;
import java.util.Optional;

/**
 * Where search pages are kept between upstream calls ({@code SEARCH_CACHE_TTL}), under
 * its {@link SearchKey}: two queries that differ only in the case of their text share an entry. Also where searches
 * the upstream called too broad are remembered ({@code NEGATIVE_CACHE_TTL}), under their {@link SearchTerms} (every
 * page of a search shares them).
 *
 * <p>Like {@link MovieCache}, an optimisation, never a dependency: an implementation absorbs its own outages (a read
 * answers empty or "not too broad", a write {@code false}) and reports them itself.
 */
public interface SearchCache {

    /** The stored page and how long it has left to live; empty on a miss or when the cache is unreachable. */
    Optional<CachedSearch> get(SearchKey key);

    /** Stores the page for {@code ttl}; {@code false} when it could not be stored. */
    boolean put(SearchKey key, SearchPage page, Duration ttl);

    /**
     * {@link #put}, then {@code lease} released ({@link FetchLeases.Lease#release()}): in one step when the store
     * granted the lease itself ({@link #readOrClaim}). This default takes the two steps.
     */
    default boolean putReleasing(SearchKey key, SearchPage page, Duration ttl, FetchLeases.Lease lease) {
        try {
            return put(key, page, ttl);
        } finally {
            lease.release();
        }
    }

    /**
     * The page and whether its terms are remembered as too broad: what a lookup reads first when both are used. An
     * implementation may answer both in one trip to its store; this default asks {@link #get}, then
     * {@link #isTooBroad}.
     */
    default SearchRead read(SearchKey key) {
        Optional<CachedSearch> page = get(key);
        return page.isPresent() ? new SearchRead(page, false) : new SearchRead(page, isTooBroad(SearchTerms.of(key)));
    }

    /**
     * What a cold search does first, like {@link MovieCache#readOrClaim}: the page (and, when {@code tooBroadToo},
     * whether its terms are remembered too broad: {@link #read}, else {@link #get}), and, when neither answers, the
     * fetch claimed at once (the key's lease taken and, if granted, one upstream call spent for {@code requester}; if
     * the budget refuses it, the lease released again) or found held by another instance. Ask only when the catalog
     * {@link MovieCatalog#admitsCalls() admits calls}. This default only reads; so does a store that cannot claim in
     * one step: the caller then takes the lease and spends the budget as separate steps.
     */
    default ColdRead<SearchRead> readOrClaim(SearchKey key, boolean tooBroadToo, Requester requester) {
        return ColdRead.of(tooBroadToo ? read(key) : new SearchRead(get(key), false));
    }

    /**
     * Whether the upstream called these terms too broad within the time they were remembered for; {@code false} when
     * not (or the cache is unreachable). The default remembers nothing.
     */
    default boolean isTooBroad(SearchTerms terms) {
        return false;
    }

    /**
     * Remembers for {@code ttl} that the upstream calls these terms too broad; {@code false} when it could not be
     * remembered (the cache is unreachable, or, by default, remembers nothing).
     */
    default boolean rememberTooBroad(SearchTerms terms, Duration ttl) {
        return false;
    }
}
