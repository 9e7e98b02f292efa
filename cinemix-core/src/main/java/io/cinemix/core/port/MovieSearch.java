package io.cinemix.core.port;


import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Cinemix use case: find movies by title, and one movie by its IMDb id.
 *
 * <p>Failures are {@link io.cinemix.domain.CinemixException}s: query too broad, upstream unavailable, timed out,
 * quota exhausted or misconfigured. A cache failure is never a failure of a request.
 */
public interface MovieSearch {

    /**
     * One page of titles matching the query (an empty page when nothing matches), with how the cache took part:
     * {@link CacheStatus#BYPASS} unless searches are cached ({@code CachePolicy.searchTtl()}).
     */
    SearchLookup search(SearchQuery query);

    /** The details of one title, with where they came from; empty when no title has this id. */
    Optional<MovieLookup> findById(ImdbId id, Plot plot);

    /**
     * How much longer an id that {@link #findById} found unknown will be answered as unknown without asking the
     * upstream (the negative cache's time left), so that a client may cache the "not found" that long; empty when it
     * is not remembered. The default remembers nothing. May block (it reads the cache).
     */
    default Optional<Duration> missingFor(ImdbId id) {
        return Optional.empty();
    }

    /**
     * {@link #findById} as a future, for callers on an event loop: it completes with the same answer, or fails with the
     * same {@link io.cinemix.domain.CinemixException} (not wrapped), on whichever thread finishes the lookup. Whether
     * the caller is spared the blocking work depends on the implementation ({@code CachingMovieSearch} given an
     * executor does it there); this default simply runs {@link #findById} on the calling thread.
     */
    default CompletableFuture<Optional<MovieLookup>> findByIdAsync(ImdbId id, Plot plot) {
        try {
            return CompletableFuture.completedFuture(findById(id, plot));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
