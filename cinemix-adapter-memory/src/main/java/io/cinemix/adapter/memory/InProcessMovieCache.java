package io.cinemix.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.MovieCache;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.Ticker;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link MovieCache} in this process's heap, for running without Redis: entries expire after their TTL (by the
 * injected ticker), and at most {@code maxEntries} details and as many missing ids are kept (Caffeine's bound: when
 * full, expired entries go first, then the ones least likely to be read again).
 */
public final class InProcessMovieCache implements MovieCache {
    /** {@code expiresAt}: the end of the time to live reported; {@code dropAt}: when this copy is forgotten. */
    private record Entry(MovieDetails movie, long expiresAt, long dropAt) {
    }

    private final Ticker ticker;
    private final Cache<DetailsKey, Entry> details;
    /** Per id, when it stops being remembered as missing. */
    private final Cache<ImdbId, Long> missing;

    public InProcessMovieCache(Ticker ticker, int maxEntries) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.details = DeadlineCache.build(ticker, maxEntries, Entry::dropAt);
        this.missing = DeadlineCache.build(ticker, maxEntries, Long::longValue);
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        Entry entry = details.getIfPresent(new DetailsKey(id, plot));
        long left = entry == null ? 0 : entry.expiresAt() - ticker.read();
        return left > 0 ? Optional.of(new CachedMovie(entry.movie(), Duration.ofNanos(left))) : Optional.empty();
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
        long now = ticker.read();
        details.put(new DetailsKey(movie.imdbId(), plot),
                new Entry(movie, now + ttl.toNanos(), now + Math.min(ttl.toNanos(), keepFor.toNanos())));
    }

    /** Drops the copies of the id's details (both plots). */
    void forget(ImdbId id) {
        details.invalidateAll(Arrays.stream(Plot.values()).map(plot -> new DetailsKey(id, plot)).toList());
    }

    /** Drops every copy of details. */
    void forgetAll() {
        details.invalidateAll();
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        Long expiresAt = missing.getIfPresent(id);
        long left = expiresAt == null ? 0 : expiresAt - ticker.read();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        missing.put(id, ticker.read() + ttl.toNanos());
        return true;
    }
}
