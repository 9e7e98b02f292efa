package io.cinemix.ports;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingMovieSearchTest {
    private static final ImdbId BATMAN_BEGINS = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");

    private final CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
    private final InMemoryMovieCache cache = new InMemoryMovieCache();
    private final MovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));

    @Test
    void fetchesAMissUpstreamAndStoresItForTheTtl() {
        MovieLookup lookup = search.findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow();

        assertThat(lookup.movie()).isEqualTo(BATMAN);
        assertThat(lookup.cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(catalog.findCalls).hasValue(1);
        assertThat(cache.entries).containsOnlyKeys("movie_tt0372784");
        assertThat(cache.entries.get("movie_tt0372784").timeToLive()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void servesAHitWithoutCallingUpstream() {
        search.findById(BATMAN_BEGINS, Plot.SHORT);
        MovieLookup second = search.findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow();

        assertThat(second.movie()).isEqualTo(BATMAN);
        assertThat(second.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void keepsFullPlotsUnderTheirOwnKey() {
        search.findById(BATMAN_BEGINS, Plot.FULL);
        assertThat(cache.entries).containsOnlyKeys("movie_tt0372784_full");
        assertThat(search.findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow().cacheStatus())
                .isEqualTo(CacheStatus.STORED);
    }

    @Test
    void answersEmptyForAnUnknownIdAndStoresNoDetails() {
        assertThat(search.findById(ImdbId.of("tt9999999"), Plot.SHORT)).isEmpty();
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void neverStoresUpstreamFailures() {
        catalog.failWith(() -> new UpstreamTimeoutException("The movie service did not answer in time."));

        assertThatThrownBy(() -> search.findById(BATMAN_BEGINS, Plot.SHORT))
                .isInstanceOf(UpstreamTimeoutException.class);
        assertThat(cache.puts).hasValue(0);
        assertThat(cache.entries).isEmpty();

        catalog.failWith(null);
        assertThat(search.findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow().cacheStatus())
                .isEqualTo(CacheStatus.STORED);
    }

    @Test
    void aBrokenCacheFallsThroughToTheCatalog() {
        cache.failing(true);

        MovieLookup lookup = search.findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow();

        assertThat(lookup.movie()).isEqualTo(BATMAN);
        assertThat(lookup.cacheStatus()).isEqualTo(CacheStatus.NOT_STORED);
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void ignoresACachedEntryThatBelongsToAnotherId() {
        cache.entries.put("movie_tt0372784", new CachedMovie(CountingMovieCatalog.movie("tt0000001", "Other"),
                Duration.ofMinutes(5)));

        MovieLookup lookup = search.findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow();

        assertThat(lookup.movie()).isEqualTo(BATMAN);
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void searchesByTitleUpstreamEveryTimeWithoutCaching() {
        search.search(SearchQuery.of("batman"));
        search.search(SearchQuery.of("batman"));

        assertThat(catalog.searchCalls).hasValue(2);
        assertThat(cache.gets).hasValue(0);
        assertThat(cache.puts).hasValue(0);
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
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL must be positive");
    }
}
