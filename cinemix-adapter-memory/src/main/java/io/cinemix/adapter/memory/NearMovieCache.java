package io.cinemix.adapter.memory;

import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.Requester;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.Ticker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small in-process copy in front of a shared cache (Redis): a hot title is read from the shared cache at most once
 * per {@code nearTtl} per instance, and served from this process's memory in between.
 *
 * <p>A near copy never outlives the shared entry it was read from, and reports the shared entry's remaining time to
 * live, so freshness and grace decisions are the same as without it. What another instance stores meanwhile (a
 * refreshed entry) is seen here as soon as it says so ({@link #forget}, from a change notice), else after at most
 * {@code nearTtl}: the TTL stays the backstop when notices are lost. Writes go to the shared cache first; only what it
 * stored is copied. Ids known to be missing are asked of the shared cache every time (they are rare).
 */
public final class NearMovieCache implements MovieCache {
    private final MovieCache shared;
    private final InProcessMovieCache near;
    private final Duration nearTtl;
    /** Bumped by every forget: a read that overlapped one keeps no copy, which might be older than the notice. */
    private final AtomicLong forgets = new AtomicLong();

    public NearMovieCache(MovieCache shared, Ticker ticker, Duration nearTtl, int maxEntries) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.nearTtl = Objects.requireNonNull(nearTtl, "nearTtl");
        if (nearTtl.isNegative() || nearTtl.isZero()) {
            throw new IllegalArgumentException("The near cache TTL must be positive, got " + nearTtl + ".");
        }
        this.near = new InProcessMovieCache(ticker, maxEntries);
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        Optional<CachedMovie> copy = near.get(id, plot);
        if (copy.isPresent()) {
            return copy;
        }
        long before = forgets.get();
        Optional<CachedMovie> entry = shared.get(id, plot);
        if (entry.isPresent() && forgets.get() == before) {
            near.keep(entry.get().movie(), plot, entry.get().timeToLive(), nearTtl);
        }
        return entry;
    }

    /** The near copy, else one read of the shared cache (entry or negative marker), keeping a copy of an entry. */
    @Override
    public CacheRead read(ImdbId id, Plot plot) {
        Optional<CachedMovie> copy = near.get(id, plot);
        if (copy.isPresent()) {
            return CacheRead.of(copy.get());
        }
        long before = forgets.get();
        CacheRead read = shared.read(id, plot);
        if (read.entry().isPresent() && forgets.get() == before) {
            near.keep(read.entry().get().movie(), plot, read.entry().get().timeToLive(), nearTtl);
        }
        return read;
    }

    /** The near copy, else the shared cache's read or claim, keeping a copy of an entry it read. */
    @Override
    public ColdRead<CacheRead> readOrClaim(DetailsKey key, Requester requester) {
        Optional<CachedMovie> copy = near.get(key.id(), key.plot());
        if (copy.isPresent()) {
            return ColdRead.of(CacheRead.of(copy.get()));
        }
        long before = forgets.get();
        ColdRead<CacheRead> cold = shared.readOrClaim(key, requester);
        Optional<CachedMovie> entry = cold.read().entry();
        if (entry.isPresent() && forgets.get() == before) {
            near.keep(entry.get().movie(), key.plot(), entry.get().timeToLive(), nearTtl);
        }
        return cold;
    }

    /** Drops the near copies of the id's details: the shared cache's entry changed or is gone. */
    public void forget(ImdbId id) {
        forgets.incrementAndGet();
        near.forget(id);
    }

    /** Drops every near copy: changes may have been missed (notices lost while disconnected). */
    public void forgetAll() {
        forgets.incrementAndGet();
        near.forgetAll();
    }

    /** The near copy only: the shared cache is never asked here. */
    @Override
    public Optional<CachedMovie> peek(ImdbId id, Plot plot) {
        return near.get(id, plot);
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        boolean stored = shared.put(movie, plot, ttl);
        if (stored) {
            near.keep(movie, plot, ttl, nearTtl);
        }
        return stored;
    }

    /** Stored and released by the shared cache (in one step if it can), then copied: the storer keeps its copy. */
    @Override
    public boolean putReleasing(MovieDetails movie, Plot plot, Duration ttl, FetchLeases.Lease lease) {
        boolean stored = shared.putReleasing(movie, plot, ttl, lease);
        if (stored) {
            near.keep(movie, plot, ttl, nearTtl);
        }
        return stored;
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        return shared.missingFor(id);
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        return shared.putMissing(id, ttl);
    }
}
