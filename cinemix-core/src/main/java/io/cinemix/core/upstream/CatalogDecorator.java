package io.cinemix.core.upstream;

import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A {@link MovieCatalog} in front of another that treats every call alike, searches and details: a subclass says
 * once, in {@link #around}, what happens around a call (spend a budget, count it, guard it with a breaker). Calls
 * without a requester are made on behalf of {@link Requester#NOBODY}.
 */
public abstract class CatalogDecorator implements MovieCatalog {
    private final MovieCatalog upstream;

    protected CatalogDecorator(MovieCatalog upstream) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
    }

    @Override
    public final SearchPage search(SearchQuery query) {
        return search(query, Requester.NOBODY);
    }

    @Override
    public final Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        return findById(id, plot, Requester.NOBODY);
    }

    @Override
    public final SearchPage search(SearchQuery query, Requester requester) {
        return around(requester, () -> upstream.search(query, requester));
    }

    @Override
    public final Optional<MovieDetails> findById(ImdbId id, Plot plot, Requester requester) {
        return around(requester, () -> upstream.findById(id, plot, requester));
    }

    /** What it wraps admits calls ({@link MovieCatalog#admitsCalls()}); a decorator that may refuse some says so too. */
    @Override
    public boolean admitsCalls() {
        return upstream.admitsCalls();
    }

    /** Makes {@code call} to the upstream on behalf of {@code requester}, with what this decorator adds around it. */
    protected abstract <T> T around(Requester requester, Supplier<T> call);
}
