package io.cinemix.core.upstream;

import io.cinemix.core.port.MovieCatalog;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamQuotaExhaustedException;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, for metrics, the calls made into a {@link MovieCatalog} (after coalescing; the budget or the breaker behind
 * it may still refuse some) and those refused for want of quota.
 */
public final class MeteredMovieCatalog implements MovieCatalog {
    private final MovieCatalog catalog;
    private final LongAdder calls = new LongAdder();
    private final LongAdder quotaRefusals = new LongAdder();

    public MeteredMovieCatalog(MovieCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public SearchPage search(SearchQuery query) {
        calls.increment();
        try {
            return catalog.search(query);
        } catch (UpstreamQuotaExhaustedException e) {
            quotaRefusals.increment();
            throw e;
        }
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        calls.increment();
        try {
            return catalog.findById(id, plot);
        } catch (UpstreamQuotaExhaustedException e) {
            quotaRefusals.increment();
            throw e;
        }
    }

    public long calls() {
        return calls.sum();
    }

    public long quotaRefusals() {
        return quotaRefusals.sum();
    }
}
