package io.cinemix.core;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.fake.Lookups;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.port.SearchLookup;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's cache-aside behaviour, which the resilience policies must keep. */
class CacheAsideTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final Duration TTL = Duration.ofHours(1);

    private final CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
    private final InMemoryMovieCache cache = new InMemoryMovieCache();
    private final CachingMovieSearch search = new CachingMovieSearch(catalog, cache, TTL);

    @Test
    void answersACachedMovieWithoutCallingTheCatalog() {
        cache.entries.put(new DetailsKey(ID, Plot.SHORT), new CachedMovie(BATMAN, Duration.ofMinutes(5)));

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        assertThat(catalog.calls()).isZero();
    }

    @Test
    void fetchesAMissThenStoresItForTheTtl() {
        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STORED));

        assertThat(cache.entries).containsEntry(new DetailsKey(ID, Plot.SHORT), new CachedMovie(BATMAN, TTL));
        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void keepsTheFullPlotUnderItsOwnKey() {
        search.findById(ID, Plot.FULL);

        assertThat(cache.entries).containsOnlyKeys(new DetailsKey(ID, Plot.FULL));
    }

    @Test
    void neverStoresAFailure() {
        catalog.failWith(() -> new UpstreamUnavailableException("down"));

        assertThatThrownBy(() -> search.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamUnavailableException.class);
        assertThat(cache.entries).isEmpty();
        assertThat(cache.missing).isEmpty();
    }

    @Test
    void passesAMisconfiguredUpstreamThrough() {
        catalog.failWith(() -> new UpstreamMisconfiguredException("The movie catalog refuses our key."));

        assertThatThrownBy(() -> search.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamMisconfiguredException.class);
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void answersFromTheCatalogWhenTheCacheFails() {
        cache.failing(true);

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.NOT_STORED));
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void resumesCachingWhenTheCacheWorksAgain() {
        cache.failing(true);
        search.findById(ID, Plot.SHORT);
        cache.failing(false);

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STORED));
        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        assertThat(catalog.findCalls).hasValue(2);
    }

    @Test
    void ignoresACachedEntryOfAnotherMovie() {
        MovieDetails other = CountingMovieCatalog.movie("tt0468569", "The Dark Knight");
        cache.entries.put(new DetailsKey(ID, Plot.SHORT), new CachedMovie(other, TTL));

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STORED));
    }

    @Test
    void searchesGoUpstreamAndAreNotCachedByDefault() {
        search.search(SearchQuery.of("batman"));
        SearchLookup second = search.search(SearchQuery.of("batman"));

        assertThat(second.cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        assertThat(second.freshness()).isEqualTo(Freshness.NONE);
        assertThat(catalog.searchCalls).hasValue(2);
        assertThat(cache.puts).hasValue(0);
    }

    @Test
    void passesATooBroadQueryThrough() {
        catalog.failWith(QueryTooBroadException::new);

        assertThatThrownBy(() -> search.search(SearchQuery.of("a"))).isInstanceOf(QueryTooBroadException.class);
    }

    @Test
    void answersEmptyForAnUnknownIdAndStoresNoDetails() {
        assertThat(search.findById(ImdbId.of("tt9999999"), Plot.SHORT)).isEmpty();
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void searchFailuresReachTheCaller() {
        catalog.failWith(() -> new UpstreamUnavailableException("The movie service is unavailable."));

        assertThatThrownBy(() -> search.search(SearchQuery.of("batman")))
                .isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void refusesANonPositiveTtl() {
        assertThatThrownBy(() -> new CachingMovieSearch(catalog, cache, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void saysNotStoredWhenTheCacheCouldNotKeepTheMovie() {
        cache.refusingWrites(true);

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.NOT_STORED));
        assertThat(cache.entries).isEmpty();
    }
}
