package io.cinemix.core.port;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a details lookup: the movie found, or not found with how long that answer is remembered (the negative
 * cache's time left, as the lookup read it), so that a client may cache the "not found" that long.
 *
 * @param movie       the movie and how it was found; empty when no title has the id
 * @param notFoundFor when not found: how long the upstream will not be asked again; empty when it is not remembered
 */
public record DetailsAnswer(Optional<MovieLookup> movie, Optional<Duration> notFoundFor) {
    public DetailsAnswer {
        Objects.requireNonNull(movie, "movie");
        Objects.requireNonNull(notFoundFor, "notFoundFor");
        if (movie.isPresent() && notFoundFor.isPresent()) {
            throw new IllegalArgumentException("A found movie has no not-found time.");
        }
    }

    public static DetailsAnswer found(MovieLookup lookup) {
        return new DetailsAnswer(Optional.of(lookup), Optional.empty());
    }

    public static DetailsAnswer notFound(Optional<Duration> rememberedFor) {
        return new DetailsAnswer(Optional.empty(), rememberedFor);
    }
}
