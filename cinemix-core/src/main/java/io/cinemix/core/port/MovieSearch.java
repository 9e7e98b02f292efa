package io.cinemix.core.port;


import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;

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

    /**
     * {@link #search(SearchQuery)} on behalf of {@code requester}: an upstream call it makes is charged to them
     * ({@link Requester#share()} then says what is left of their share). This default charges nobody.
     */
    default SearchLookup search(SearchQuery query, Requester requester) {
        return search(query);
    }

    /** The details of one title, with where they came from; empty when no title has this id. */
    Optional<MovieLookup> findById(ImdbId id, Plot plot);

    /**
     * {@link #findById} as a future, for callers on an event loop: it completes with the same answer, or fails with the
     * same {@link io.cinemix.domain.CinemixException} (not wrapped), on whichever thread finishes the lookup. Whether
     * the caller is spared the blocking work depends on the implementation ({@code CachingMovieSearch} given an
     * executor does it there); this default simply runs {@link #findById} on the calling thread.
     */
    default CompletableFuture<Optional<MovieLookup>> findByIdAsync(ImdbId id, Plot plot) {
        return lookUpAsync(id, plot).thenApply(DetailsAnswer::movie);
    }

    /**
     * {@link #findByIdAsync} with, when not found, how long the not-found answer is remembered (what an HTTP adapter
     * needs for the 404's {@code max-age}), as the lookup itself read it; an upstream call it makes is charged to
     * {@code requester}. This default charges nobody.
     */
    default CompletableFuture<DetailsAnswer> lookUpAsync(ImdbId id, Plot plot, Requester requester) {
        return lookUpAsync(id, plot);
    }

    /**
     * {@link #lookUpAsync(ImdbId, Plot, Requester)} charged to nobody. This default remembers nothing and runs
     * {@link #findById} on the calling thread.
     */
    default CompletableFuture<DetailsAnswer> lookUpAsync(ImdbId id, Plot plot) {
        try {
            return CompletableFuture.completedFuture(findById(id, plot)
                    .map(DetailsAnswer::found).orElse(DetailsAnswer.notFound(Optional.empty())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
