package io.cinemix.core.port;

import io.cinemix.domain.MovieDetails;

import java.time.Duration;
import java.util.Objects;

/** A cached entry: the details and the time it has left before the cache drops it. */
public record CachedMovie(MovieDetails movie, Duration timeToLive) {
    public CachedMovie {
        Objects.requireNonNull(movie, "movie");
        Objects.requireNonNull(timeToLive, "timeToLive");
    }
}
