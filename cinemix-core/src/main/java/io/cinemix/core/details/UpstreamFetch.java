package io.cinemix.core.details;

import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.port.Requester;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A details lookup's upstream call and what follows it, under a {@link DetailsPolicy}: the movie stored, an id the
 * upstream does not know remembered, or, when the upstream cannot be used, the stale entry served (stale-if-error).
 * Logs INFO fetches and unknown ids, WARN stale answers.
 */
final class UpstreamFetch {
    // The lookup's own logger: its lines stay where operators already find them.
    private static final Logger LOG = System.getLogger(DetailsLookups.class.getName());

    private final MovieCatalog catalog;
    private final MovieCache cache;
    private final DetailsPolicy policy;
    private final LongAdder staleServed = new LongAdder();

    UpstreamFetch(MovieCatalog catalog, MovieCache cache, DetailsPolicy policy) {
        this.catalog = catalog;
        this.cache = cache;
        this.policy = policy;
    }

    /**
     * The upstream call and what follows: store the movie (releasing {@code lease} with it, in one step when the
     * cache can; the lease-guarded fetch releases it afterwards otherwise), remember a missing id, or serve the stale
     * entry.
     */
    DetailsAnswer fetch(DetailsKey key, Optional<CachedMovie> stale, Requester requester,
                                FetchLeases.Lease lease) {
        Optional<MovieDetails> movie;
        try {
            movie = catalog.findById(key.id(), key.plot(), requester);
        } catch (UpstreamUnavailableException | UpstreamTimeoutException | UpstreamQuotaExhaustedException
                 | UpstreamMisconfiguredException | UpstreamCircuitOpenException e) {
            if (stale.isEmpty()) {
                throw e;
            }
            staleServed.increment();
            LOG.log(Level.WARNING, () -> "Serving stale " + key + ": the upstream could not be used ("
                    + e.getClass().getSimpleName() + ")");
            return policy.answer(stale.get(), CacheStatus.STALE);
        }
        if (movie.isEmpty()) {
            LOG.log(Level.INFO, () -> "The upstream catalog does not know " + key.id());
            if (!policy.remembersMissing()) {
                return DetailsAnswer.notFound(Optional.empty());
            }
            boolean remembered = cache.putMissing(key.id(), policy.negativeTtl());
            return DetailsAnswer.notFound(remembered ? Optional.of(policy.negativeTtl()) : Optional.empty());
        }
        LOG.log(Level.INFO, () -> "Fetched " + key + " from the upstream catalog");
        boolean stored = cache.putReleasing(movie.get(), key.plot(), policy.storedFor(), lease);
        return DetailsAnswer.found(new MovieLookup(movie.get(), stored ? CacheStatus.STORED : CacheStatus.NOT_STORED,
                policy.justStored()));
    }

    /** Stale entries served because the upstream could not be used, since start. */
    long staleServed() {
        return staleServed.sum();
    }
}
