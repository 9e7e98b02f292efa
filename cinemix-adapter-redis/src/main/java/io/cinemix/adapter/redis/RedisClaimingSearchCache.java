package io.cinemix.adapter.redis;

import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.SearchPage;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link RedisSearchCache} for a standalone or Sentinel-managed Redis, where one script may touch every key: a cold
 * search page costs two round trips besides the rate-limit decision, as a cold details lookup does
 * ({@link RedisFetchClaims}).
 * <ul>
 *   <li>{@link #readOrClaim}: one script reads {@code search_<hash>} (with its time to live) or
 *   {@code too_broad_<hash>}; when neither is there, it takes {@code lease_{search_<hash>}} and spends the call. A
 *   marker found when the too-broad memory was not asked for is read as nothing, without a claim (the caller then
 *   takes the steps).</li>
 *   <li>{@link #putReleasing} a lease granted here, by that script or by {@link RedisFetchLeases#take}: one script
 *   stores the page, releases the lease and publishes the one change notice of the store.</li>
 * </ul>
 * Remembering a search too broad stays a step of its own ({@code SET too_broad_<hash>}), before the lease's release.
 * On a Redis Cluster {@link #readOrClaim} only reads and the caller takes the lease and spends step by step; the
 * store still releases in its one script ({@code lease_{search_<hash>}} is in {@code search_<hash>}'s slot).
 * Everything else is the {@link RedisSearchCache}'s.
 */
public final class RedisClaimingSearchCache implements SearchCache {
    private final RedisSearchCache cache;
    private final RedisFetchClaims claims;

    public RedisClaimingSearchCache(RedisConnection connection, RedisSearchCache cache, RedisFetchLeases leases,
                                    RedisUpstreamBudget budget) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.claims = new RedisFetchClaims(connection, leases, budget);
    }

    @Override
    public ColdRead<SearchRead> readOrClaim(SearchKey key, boolean tooBroadToo, Requester requester) {
        return claims.readOrClaim(key, RedisKeys.tooBroad(SearchTerms.of(key)), requester, new Reads(key, tooBroadToo));
    }

    /** One script for a lease this cache granted: store, release, announce; else {@link SearchCache}'s two steps. */
    @Override
    public boolean putReleasing(SearchKey key, SearchPage page, Duration ttl, Lease lease) {
        return claims.putReleasing(key, () -> cache.json(page), ttl, lease, new Reads(key, false))
                .orElseGet(() -> SearchCache.super.putReleasing(key, page, ttl, lease));
    }

    /** How a claim reads for this cache: its outages told as the {@link RedisSearchCache}'s own. */
    private final class Reads implements RedisFetchClaims.Reads<SearchRead> {
        private final SearchKey key;
        private final boolean tooBroadToo;

        Reads(SearchKey key, boolean tooBroadToo) {
            this.key = key;
            this.tooBroadToo = tooBroadToo;
        }

        @Override
        public SearchRead nothing() {
            return SearchRead.NOTHING;
        }

        @Override
        public SearchRead entry(String name, List<Object> valueAndTtl) {
            return new SearchRead(cache.page(name, valueAndTtl), false);
        }

        @Override
        public SearchRead marker(Duration left) {
            return new SearchRead(Optional.empty(), tooBroadToo);
        }

        @Override
        public SearchRead stepByStep() {
            return tooBroadToo ? cache.read(key) : new SearchRead(cache.get(key), false);
        }

        @Override
        public void works() {
            cache.works();
        }

        @Override
        public void missed(String name) {
            // the search cache counts no misses
        }

        @Override
        public void failed(String what, RuntimeException e) {
            cache.failed(what, e);
        }
    }

    @Override
    public Optional<CachedSearch> get(SearchKey key) {
        return cache.get(key);
    }

    @Override
    public boolean put(SearchKey key, SearchPage page, Duration ttl) {
        return cache.put(key, page, ttl);
    }

    @Override
    public SearchRead read(SearchKey key) {
        return cache.read(key);
    }

    @Override
    public boolean isTooBroad(SearchTerms terms) {
        return cache.isTooBroad(terms);
    }

    @Override
    public boolean rememberTooBroad(SearchTerms terms, Duration ttl) {
        return cache.rememberTooBroad(terms, ttl);
    }
}
