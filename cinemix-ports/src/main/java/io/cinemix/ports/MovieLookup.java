package io.cinemix.ports;

import io.cinemix.domain.MovieDetails;

import java.util.Objects;

/** A found movie and how the cache took part in finding it (for the {@code Cache-Status} header). */
public record MovieLookup(MovieDetails movie, CacheStatus cacheStatus) {
    public MovieLookup {
        Objects.requireNonNull(movie, "movie");
        Objects.requireNonNull(cacheStatus, "cacheStatus");
    }
}
