package io.cinemix.adapter.memory;

import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.MovieCache;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.Ticker;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link MovieCache} in this process's heap, for running without Redis: entries expire after their TTL (by the
 * injected ticker) and at most {@code maxEntries} are kept; when full, expired entries go first, then arbitrary ones.
 */
public final class InProcessMovieCache implements MovieCache {
    /** {@code expiresAt}: the end of the time to live reported; {@code dropAt}: when this copy is forgotten. */
    private record Entry(MovieDetails movie, long expiresAt, long dropAt) {
    }

    private final Ticker ticker;
    private final int maxEntries;
    private record Key(ImdbId id, Plot plot) {
    }

    private final ConcurrentHashMap<Key, Entry> details = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ImdbId, Long> missing = new ConcurrentHashMap<>();

    public InProcessMovieCache(Ticker ticker, int maxEntries) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries + ".");
        }
        this.maxEntries = maxEntries;
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        Entry entry = details.get(new Key(id, plot));
        if (entry == null) {
            return Optional.empty();
        }
        long now = ticker.read();
        long left = entry.expiresAt() - now;
        return left > 0 && entry.dropAt() - now > 0
                ? Optional.of(new CachedMovie(entry.movie(), Duration.ofNanos(left))) : Optional.empty();
    }

    /** Everything here is in memory: the same as {@link #get}. */
    @Override
    public Optional<CachedMovie> peek(ImdbId id, Plot plot) {
        return get(id, plot);
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        keep(movie, plot, ttl, ttl);
        return true;
    }

    /** Keeps a copy for {@code keepFor} that reports {@code ttl} (counted from now) as its time to live. */
    void keep(MovieDetails movie, Plot plot, Duration ttl, Duration keepFor) {
        makeRoom(details);
        long now = ticker.read();
        details.put(new Key(movie.imdbId(), plot),
                new Entry(movie, now + ttl.toNanos(), now + Math.min(ttl.toNanos(), keepFor.toNanos())));
    }

    /** Drops the copies of the id's details (both plots). */
    void forget(ImdbId id) {
        for (Plot plot : Plot.values()) {
            details.remove(new Key(id, plot));
        }
    }

    /** Drops every copy of details. */
    void forgetAll() {
        details.clear();
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        Long expiresAt = missing.get(id);
        long left = expiresAt == null ? 0 : expiresAt - ticker.read();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        makeRoom(missing);
        missing.put(id, ticker.read() + ttl.toNanos());
        return true;
    }

    private void makeRoom(ConcurrentHashMap<?, ?> map) {
        if (map.size() < maxEntries) {
            return;
        }
        long now = ticker.read();
        map.values().removeIf(value -> expiresAt(value) - now <= 0);
        Iterator<?> keys = map.keySet().iterator();
        while (map.size() >= maxEntries && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private static long expiresAt(Object value) {
        return value instanceof Entry entry ? Math.min(entry.expiresAt(), entry.dropAt()) : (Long) value;
    }
}
