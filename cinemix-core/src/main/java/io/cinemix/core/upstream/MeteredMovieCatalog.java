package io.cinemix.core.upstream;

import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;
import io.cinemix.domain.ClientShareExhaustedException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts, for metrics, the calls made into a {@link MovieCatalog} (after coalescing; the budget or the breaker behind
 * it may still refuse some) and those refused for want of quota (the day's budget, or the requester's share).
 */
public final class MeteredMovieCatalog extends CatalogDecorator {
    private final LongAdder calls = new LongAdder();
    private final LongAdder quotaRefusals = new LongAdder();

    public MeteredMovieCatalog(MovieCatalog catalog) {
        super(catalog);
    }

    @Override
    protected <T> T around(Requester requester, Supplier<T> call) {
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
