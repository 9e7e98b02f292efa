package io.cinemix.adapter.redis;

import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.Requester;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link RedisMovieCache} for a standalone or Sentinel-managed Redis, where one script may touch every key: a cold
 * lookup costs two round trips besides the rate-limit decision ({@link RedisFetchClaims}).
 * <ul>
 *   <li>{@link #readOrClaim}: one script reads {@code movie_<id>} (with its time to live) or {@code missing_<id>};
 *   when neither is there, it takes {@code lease_{movie_<id>}} and spends the call.</li>
 *   <li>{@link #putReleasing} a lease granted here, by that script or by {@link RedisFetchLeases#take}: one script
 *   stores the entry, releases the lease and publishes the one change notice of the store.</li>
 * </ul>
 * On a Redis Cluster, where the budget and {@code missing_<id>} are in other slots, {@link #readOrClaim} only reads
 * and the caller takes the lease and spends step by step; the store still releases in its one script,
 * {@code lease_{movie_<id>}} being hash-tagged into {@code movie_<id>}'s slot. Everything else is the
 * {@link RedisMovieCache}'s.
 */
public final class RedisClaimingMovieCache implements MovieCache {
    private final RedisMovieCache cache;
    private final RedisFetchClaims claims;

    public RedisClaimingMovieCache(RedisConnection connection, RedisMovieCache cache, RedisFetchLeases leases,
                                   RedisUpstreamBudget budget) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.claims = new RedisFetchClaims(connection, leases, budget);
    }

    @Override
    public ColdRead<CacheRead> readOrClaim(DetailsKey key, Requester requester) {
        return claims.readOrClaim(key, RedisKeys.missing(key.id()), requester, new Reads(key));
    }

    /** One script for a lease granted here, not released yet: store, release, announce; else two steps. */
    @Override
    public boolean putReleasing(MovieDetails movie, Plot plot, Duration ttl, Lease lease) {
        DetailsKey key = new DetailsKey(movie.imdbId(), plot);
        return claims.putReleasing(key, () -> cache.json(movie), ttl, lease, new Reads(key))
                .orElseGet(() -> MovieCache.super.putReleasing(movie, plot, ttl, lease));
    }

    /** How a claim reads for this cache: entries and misses counted as the {@link RedisMovieCache}'s own. */
    private final class Reads implements RedisFetchClaims.Reads<CacheRead> {
        private final DetailsKey key;

        Reads(DetailsKey key) {
            this.key = key;
        }

        @Override
        public CacheRead nothing() {
            return CacheRead.NOTHING;
        }

        @Override
        public CacheRead entry(String name, List<Object> valueAndTtl) {
            return cache.entry(name, key.id(), valueAndTtl).map(CacheRead::of).orElse(CacheRead.NOTHING);
        }

        @Override
        public CacheRead marker(Duration left) {
            return CacheRead.missing(Optional.of(left));
        }

        @Override
        public CacheRead stepByStep() {
            return read(key.id(), key.plot());
        }

        @Override
        public void works() {
            cache.works();
        }

        @Override
        public void missed(String name) {
            cache.missed(name);
        }

        @Override
        public void failed(String what, RuntimeException e) {
            cache.failed(what, e);
        }
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        return cache.get(id, plot);
    }

    @Override
    public CacheRead read(ImdbId id, Plot plot) {
        return cache.read(id, plot);
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        return cache.put(movie, plot, ttl);
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        return cache.missingFor(id);
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        return cache.putMissing(id, ttl);
    }
}
