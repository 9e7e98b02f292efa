package io.cinemix.core.upstream;

import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;
import io.cinemix.domain.ClientShareExhaustedException;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamQuotaExhaustedException;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts, for metrics, the calls made into a {@link MovieCatalog} (after coalescing; the budget or the breaker behind
 * it may still refuse some) and those refused for want of quota (the day's budget, or the requester's share).
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
        return search(query, Requester.NOBODY);
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        return findById(id, plot, Requester.NOBODY);
    }

    @Override
    public SearchPage search(SearchQuery query, Requester requester) {
        return counted(() -> catalog.search(query, requester));
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot, Requester requester) {
        return counted(() -> catalog.findById(id, plot, requester));
    }

    private <T> T counted(Supplier<T> call) {
        calls.increment();
        try {
            return call.get();
        } catch (UpstreamQuotaExhaustedException | ClientShareExhaustedException e) {
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
