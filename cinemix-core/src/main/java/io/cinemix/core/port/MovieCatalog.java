package io.cinemix.core.port;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;

import java.util.Optional;

/**
 * The upstream source of movies (OMDb, or the bundled offline catalog). Every call may cost upstream quota.
 * Failures are {@link io.cinemix.domain.CinemixException}s of the upstream kinds and
 * {@link io.cinemix.domain.QueryTooBroadException}.
 */
public interface MovieCatalog {

    /** One page of matches; an empty page when nothing matches or the page is past the last one. */
    SearchPage search(SearchQuery query);

    /** The title with this id, or empty when the catalog does not know it. */
    Optional<MovieDetails> findById(ImdbId id, Plot plot);

    /**
     * {@link #search(SearchQuery)} on behalf of {@code requester}, so that a catalog that spends a budget can charge
     * the call to them; this default ignores who asks.
     */
    default SearchPage search(SearchQuery query, Requester requester) {
        return search(query);
    }

    /** {@link #findById(ImdbId, Plot)} on behalf of {@code requester} (see {@link #search(SearchQuery, Requester)}). */
    default Optional<MovieDetails> findById(ImdbId id, Plot plot, Requester requester) {
        return findById(id, plot);
    }

    /**
     * Whether a call made now may reach the upstream, as far as this catalog knows: {@code false} while a breaker in
     * front of it is open or probing. A caller that spends the budget ahead of the call
     * ({@link MovieCache#readOrClaim}) asks first, so that a call refused here spends nothing. A decorator answers
     * for what it wraps too. This default: {@code true}.
     */
    default boolean admitsCalls() {
        return true;
    }
}
