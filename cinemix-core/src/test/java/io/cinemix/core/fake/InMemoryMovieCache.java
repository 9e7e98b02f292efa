package io.cinemix.core.fake;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.MovieCache;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written {@link MovieCache} fake for unit tests: a map, no expiry, call counters, and a switch that makes it
 * answer as a cache absorbing its own outage does (the port's contract): every read a miss, every write not stored.
 */
public final class InMemoryMovieCache implements MovieCache {
    public final Map<DetailsKey, CachedMovie> entries = new ConcurrentHashMap<>();
    public final Map<ImdbId, Duration> missing = new ConcurrentHashMap<>();
    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger puts = new AtomicInteger();
    private volatile boolean failing;
    private volatile boolean refusingWrites;

    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** Makes {@link #put} answer {@code false} without storing, as a cache that swallows its own outage does. */
    public void refusingWrites(boolean refusingWrites) {
        this.refusingWrites = refusingWrites;
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        gets.incrementAndGet();
        if (failing) {
            return Optional.empty();
        }
        return Optional.ofNullable(entries.get(new DetailsKey(id, plot)));
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        puts.incrementAndGet();
        if (failing || refusingWrites) {
            return false;
        }
        entries.put(new DetailsKey(movie.imdbId(), plot), new CachedMovie(movie, ttl));
        return true;
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        return failing ? Optional.empty() : Optional.ofNullable(missing.get(id));
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        if (failing) {
            return false;
        }
        missing.put(id, ttl);
        return true;
    }
}
