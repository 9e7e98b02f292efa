package io.cinemix.core.fake;

import io.cinemix.core.port.MovieCatalog;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.testsupport.Movies;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A hand-written {@link MovieCatalog} stub for unit tests: knows the movies it is given, counts every call, and can
 * be told to fail with a given exception instead.
 */
public final class CountingMovieCatalog implements MovieCatalog {
    private final Map<ImdbId, MovieDetails> movies = new ConcurrentHashMap<>();
    public final AtomicInteger searchCalls = new AtomicInteger();
    public final AtomicInteger findCalls = new AtomicInteger();
    private volatile Supplier<? extends RuntimeException> failure;

    public CountingMovieCatalog with(MovieDetails movie) {
        movies.put(movie.imdbId(), movie);
        return this;
    }

    /** Every following call throws what {@code failure} makes; {@code null} heals the catalog. */
    public void failWith(Supplier<? extends RuntimeException> failure) {
        this.failure = failure;
    }

    public int calls() {
        return searchCalls.get() + findCalls.get();
    }

    @Override
    public SearchPage search(SearchQuery query) {
        searchCalls.incrementAndGet();
        failIfTold();
        List<io.cinemix.domain.MovieSummary> hits = movies.values().stream()
                .filter(m -> m.title().toLowerCase().contains(query.text().toLowerCase()))
                .map(m -> new io.cinemix.domain.MovieSummary(m.imdbId(), m.title(), m.year(), m.type(),
                        Optional.ofNullable(m.poster())))
                .toList();
        return hits.isEmpty() ? SearchPage.empty(query.page()) : new SearchPage(hits, hits.size(), query.page());
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        findCalls.incrementAndGet();
        failIfTold();
        return Optional.ofNullable(movies.get(id));
    }

    private void failIfTold() {
        Supplier<? extends RuntimeException> f = failure;
        if (f != null) {
            throw f.get();
        }
    }

    /** A movie with just the required fields and a title. */
    public static MovieDetails movie(String id, String title) {
        return Movies.minimal(id, title);
    }
}
