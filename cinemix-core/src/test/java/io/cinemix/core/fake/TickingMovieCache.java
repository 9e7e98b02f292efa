package io.cinemix.core.fake;

import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.MovieCache;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.Ticker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-written {@link MovieCache} fake whose entries age by a {@link Ticker} (a fake one in tests: no sleeps) and
 * expire at the end of the time to live they were stored with, as Redis keys do. Held in memory, so {@link #peek}
 * answers like {@link #get} when told to (an in-process or near cache), else nothing (Redis without a near cache).
 * Records every write in {@link #events}.
 */
public final class TickingMovieCache implements MovieCache {
    private record Entry(MovieDetails movie, long expiresAt) {
    }

    public final List<String> events = new CopyOnWriteArrayList<>();
    private final Map<DetailsKey, Entry> entries = new ConcurrentHashMap<>();
    private final Map<ImdbId, Long> missing = new ConcurrentHashMap<>();
    private final Ticker ticker;
    private final boolean peeks;

    public TickingMovieCache(Ticker ticker, boolean peeks) {
        this.ticker = ticker;
        this.peeks = peeks;
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        Entry entry = entries.get(new DetailsKey(id, plot));
        long left = entry == null ? 0 : entry.expiresAt() - ticker.read();
        return left > 0 ? Optional.of(new CachedMovie(entry.movie(), Duration.ofNanos(left))) : Optional.empty();
    }

    @Override
    public Optional<CachedMovie> peek(ImdbId id, Plot plot) {
        return peeks ? get(id, plot) : Optional.empty();
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        events.add("put " + movie.title() + " for " + ttl);
        entries.put(new DetailsKey(movie.imdbId(), plot), new Entry(movie, ticker.read() + ttl.toNanos()));
        return true;
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        Long expiresAt = missing.get(id);
        long left = expiresAt == null ? 0 : expiresAt - ticker.read();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        events.add("putMissing " + id + " for " + ttl);
        missing.put(id, ticker.read() + ttl.toNanos());
        return true;
    }
}
