package io.cinemix.ports;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
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

    /** One page of titles matching the query; an empty page when nothing matches. Not cached. */
    SearchPage search(SearchQuery query);

    /** The details of one title, with where they came from; empty when no title has this id. */
    Optional<MovieLookup> findById(ImdbId id, Plot plot);

    /**
     * {@link #findById} without blocking the caller, for callers on an event loop: the future completes with the same
     * answer, or fails with the same {@link io.cinemix.domain.CinemixException} (not wrapped), on whichever thread
     * finishes the lookup.
     */
    CompletableFuture<Optional<MovieLookup>> findByIdAsync(ImdbId id, Plot plot);
}
