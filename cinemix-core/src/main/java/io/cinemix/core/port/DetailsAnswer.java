package io.cinemix.core.port;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a details lookup: the movie found, or not found with how long that answer is remembered (the negative
 * cache's time left, as the lookup read it), so that a client may cache the "not found" that long; and how the lookup
 * used the cache, found or not.
 *
 * @param movie       the movie and how it was found; empty when no title has the id
 * @param notFoundFor when not found: how long the upstream will not be asked again; empty when it is not remembered
 * @param cacheStatus how the lookup used the cache: the found movie's own; when not found, {@link CacheStatus#HIT} for
 *                    an id remembered as unknown (the upstream not asked), {@link CacheStatus#STORED} or
 *                    {@link CacheStatus#NOT_STORED} when the upstream said so and that was remembered or not
 */
public record DetailsAnswer(Optional<MovieLookup> movie, Optional<Duration> notFoundFor, CacheStatus cacheStatus) {
    public DetailsAnswer {
        Objects.requireNonNull(movie, "movie");
        Objects.requireNonNull(notFoundFor, "notFoundFor");
        Objects.requireNonNull(cacheStatus, "cacheStatus");
        if (movie.isPresent() && notFoundFor.isPresent()) {
            throw new IllegalArgumentException("A found movie has no not-found time.");
        }
        if (movie.isPresent() && movie.get().cacheStatus() != cacheStatus) {
            throw new IllegalArgumentException("A found movie's answer has the movie's cache status.");
        }
    }

    public static DetailsAnswer found(MovieLookup lookup) {
        return new DetailsAnswer(Optional.of(lookup), Optional.empty(), lookup.cacheStatus());
    }

    /** Not found, as the negative cache remembered it ({@code left} more): the upstream was not asked. */
    public static DetailsAnswer rememberedNotFound(Duration left) {
        return new DetailsAnswer(Optional.empty(), Optional.of(left), CacheStatus.HIT);
    }

    /** Not found, as the upstream said; remembered for {@code rememberedFor}, or (empty) not remembered. */
    public static DetailsAnswer notFound(Optional<Duration> rememberedFor) {
        return new DetailsAnswer(Optional.empty(), rememberedFor,
                rememberedFor.isPresent() ? CacheStatus.STORED : CacheStatus.NOT_STORED);
    }
}
