package io.cinemix.core.port;

import io.cinemix.domain.MovieDetails;

import java.util.Objects;

/**
 * A found movie, how the cache took part in finding it (for the {@code Cache-Status} header), and how long it may be
 * reused (for {@code Cache-Control} and {@code Age}).
 */
public record MovieLookup(MovieDetails movie, CacheStatus cacheStatus, Freshness freshness) {
    public MovieLookup {
        Objects.requireNonNull(movie, "movie");
        Objects.requireNonNull(cacheStatus, "cacheStatus");
        Objects.requireNonNull(freshness, "freshness");
    }

    /** A lookup whose freshness is unknown ({@link Freshness#NONE}). */
    public MovieLookup(MovieDetails movie, CacheStatus cacheStatus) {
        this(movie, cacheStatus, Freshness.NONE);
    }
}
