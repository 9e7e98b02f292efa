package io.cinemix.app;

import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.MovieCache;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;

import java.time.Duration;
import java.util.Optional;

/**
 * A span per read of the details cache that may ask its store ({@code cinemix.cache.read}, with
 * {@code cinemix.cache.result} hit or miss); writes and the in-memory {@link #peek} pass through untraced (a write's
 * Redis command has its own span).
 */
final class TracedMovieCache implements MovieCache {
    private static final String READ = "cinemix.cache.read";
    private final MovieCache cache;
    private final Traces traces;

    TracedMovieCache(MovieCache cache, Traces traces) {
        this.cache = cache;
        this.traces = traces;
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        return traces.inSpan(READ, () -> cache.get(id, plot),
                (span, entry) -> span.setAttribute("cinemix.cache.result", entry.isPresent() ? "hit" : "miss"));
    }

    @Override
    public CacheRead read(ImdbId id, Plot plot) {
        return traces.inSpan(READ, () -> cache.read(id, plot), (span, read) -> span.setAttribute(
                "cinemix.cache.result", read.entry().isPresent() ? "hit"
                        : read.missingFor().isPresent() ? "known-missing" : "miss"));
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        return cache.put(movie, plot, ttl);
    }

    @Override
    public Optional<CachedMovie> peek(ImdbId id, Plot plot) {
        return cache.peek(id, plot);
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        return traces.inSpan(READ, () -> cache.missingFor(id), (span, missing) ->
                span.setAttribute("cinemix.cache.result", missing.isPresent() ? "known-missing" : "miss"));
    }

    @Override
    public boolean isKnownMissing(ImdbId id) {
        return missingFor(id).isPresent();
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        return cache.putMissing(id, ttl);
    }
}
