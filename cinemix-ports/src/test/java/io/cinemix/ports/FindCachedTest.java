package io.cinemix.ports;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory-only answer an event loop may try before handing a lookup to a thread that may block. */
class FindCachedTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");

    private final CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
    private final InMemoryMovieCache cache = new InMemoryMovieCache();

    @Test
    void answersAFreshEntryInMemoryAsAHitWithoutTheCatalogOrAFullRead() {
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));
        cache.entries.put("movie_tt0372784", new CachedMovie(BATMAN, Duration.ofMinutes(30)));

        assertThat(search.findCached(ID, Plot.SHORT)).contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        assertThat(catalog.calls()).isZero();
        assertThat(cache.gets).hasValue(0);
    }

    @Test
    void knowsNothingItWouldHaveToFetchOrRefresh() {
        CachingMovieSearch withGrace = new CachingMovieSearch(catalog, cache,
                new CachePolicy(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO));
        assertThat(withGrace.findCached(ID, Plot.SHORT)).isEmpty();

        cache.entries.put("movie_tt0372784", new CachedMovie(BATMAN, Duration.ofMinutes(30))); // within grace: stale
        assertThat(withGrace.findCached(ID, Plot.SHORT)).isEmpty();

        cache.entries.put("movie_tt0372784", new CachedMovie(CountingMovieCatalog.movie("tt0000001", "Other"),
                Duration.ofHours(2)));
        assertThat(withGrace.findCached(ID, Plot.SHORT)).as("another movie under the key").isEmpty();
        assertThat(catalog.calls()).isZero();
    }

    @Test
    void knowsNothingOverACacheThatLivesElsewhereOrFails() {
        MovieCache remote = new MovieCache() { // like Redis: nothing held in this process
            @Override
            public java.util.Optional<CachedMovie> get(ImdbId id, Plot plot) {
                return java.util.Optional.of(new CachedMovie(BATMAN, Duration.ofHours(1)));
            }

            @Override
            public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
                return true;
            }

            @Override
            public boolean isKnownMissing(ImdbId id) {
                return false;
            }

            @Override
            public void putMissing(ImdbId id, Duration ttl) {
            }
        };
        assertThat(new CachingMovieSearch(catalog, remote, Duration.ofHours(1)).findCached(ID, Plot.SHORT)).isEmpty();

        cache.failing(true);
        assertThat(new CachingMovieSearch(catalog, cache, Duration.ofHours(1)).findCached(ID, Plot.SHORT)).isEmpty();
    }

    @Test
    void theNearCacheAnswersFromItsCopyOnlyAndTheInProcessCacheFromMemory() {
        FakeTicker ticker = new FakeTicker();
        NearMovieCache near = new NearMovieCache(cache, ticker, Duration.ofSeconds(10), 100);
        cache.entries.put("movie_tt0372784", new CachedMovie(BATMAN, Duration.ofHours(1)));
        assertThat(near.peek(ID, Plot.SHORT)).as("not read from the shared cache yet").isEmpty();
        near.get(ID, Plot.SHORT);
        assertThat(near.peek(ID, Plot.SHORT)).get().extracting(CachedMovie::movie).isEqualTo(BATMAN);
        ticker.advanceSeconds(10);
        assertThat(near.peek(ID, Plot.SHORT)).isEmpty();

        InProcessMovieCache inProcess = new InProcessMovieCache(ticker, 10);
        inProcess.put(BATMAN, Plot.SHORT, Duration.ofSeconds(5));
        assertThat(inProcess.peek(ID, Plot.SHORT)).get().extracting(CachedMovie::movie).isEqualTo(BATMAN);
    }
}
