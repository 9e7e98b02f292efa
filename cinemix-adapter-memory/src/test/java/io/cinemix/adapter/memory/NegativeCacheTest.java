package io.cinemix.adapter.memory;

import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.DetailsAnswer;

import io.cinemix.core.CachePolicy;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NegativeCacheTest {
    private static final ImdbId UNKNOWN = ImdbId.of("tt9999999");

    private final CountingMovieCatalog catalog = new CountingMovieCatalog();
    private final InMemoryMovieCache cache = new InMemoryMovieCache();

    @Test
    void remembersAnUnknownIdForTheDefaultThreeHundredSeconds() {
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));

        assertThat(search.findById(UNKNOWN, Plot.SHORT)).isEmpty();

        assertThat(cache.missing).containsExactlyEntriesOf(Map.of(UNKNOWN, Duration.ofSeconds(300)));
        assertThat(cache.entries).isEmpty();
    }

    @Test
    void answersARememberedUnknownIdWithoutCallingTheCatalog() {
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache,
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(60)));

        search.findById(UNKNOWN, Plot.SHORT);
        assertThat(search.findById(UNKNOWN, Plot.SHORT)).isEmpty();
        assertThat(search.findById(UNKNOWN, Plot.FULL)).isEmpty();

        assertThat(catalog.findCalls).hasValue(1);
        assertThat(cache.missing).containsEntry(UNKNOWN, Duration.ofSeconds(60));
        assertThat(search.stats().negativeHits()).isEqualTo(2);
    }

    @Test
    void asksAgainOnceTheRememberedUnknownIdHasExpired() {
        FakeTicker ticker = new FakeTicker();
        InProcessMovieCache expiring = new InProcessMovieCache(ticker, 100);
        CachingMovieSearch search = new CachingMovieSearch(catalog, expiring,
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(300)));
        search.findById(UNKNOWN, Plot.SHORT);

        ticker.advance(Duration.ofSeconds(299));
        search.findById(UNKNOWN, Plot.SHORT);
        ticker.advance(Duration.ofSeconds(1));
        search.findById(UNKNOWN, Plot.SHORT);

        assertThat(catalog.findCalls).hasValue(2);
    }

    @Test
    void tellsHowMuchLongerAnUnknownIdIsRemembered() {
        FakeTicker ticker = new FakeTicker();
        CachingMovieSearch search = new CachingMovieSearch(catalog, new InProcessMovieCache(ticker, 100),
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(300)));
        assertThat(notFoundFor(search, UNKNOWN)).as("just learnt").contains(Duration.ofSeconds(300));

        ticker.advance(Duration.ofSeconds(120));
        assertThat(notFoundFor(search, UNKNOWN)).as("the time left the lookup read").contains(Duration.ofSeconds(180));
        assertThat(catalog.findCalls).hasValue(1);
        ticker.advance(Duration.ofSeconds(180));
        assertThat(notFoundFor(search, UNKNOWN)).as("forgotten, asked and remembered again")
                .contains(Duration.ofSeconds(300));
        assertThat(catalog.findCalls).hasValue(2);
    }

    @Test
    void remembersNoTimeLeftWhenNegativeCachingIsOff() {
        cache.missing.put(UNKNOWN, Duration.ofSeconds(100)); // written by an instance configured otherwise
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache,
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ZERO));

        assertThat(notFoundFor(search, UNKNOWN)).isEmpty();
    }

    @Test
    void answersTheUnknownIdItRememberedAsACacheHitAndTheOneTheUpstreamJustGaveAsStored() {
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache,
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(60)));

        DetailsAnswer asked = search.lookUpAsync(UNKNOWN, Plot.SHORT).join();
        DetailsAnswer remembered = search.lookUpAsync(UNKNOWN, Plot.SHORT).join();

        assertThat(asked.cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(remembered.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void answersAnUnknownIdItCouldNotRememberAsNotStored() {
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache,
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ZERO));

        assertThat(search.lookUpAsync(UNKNOWN, Plot.SHORT).join().cacheStatus()).isEqualTo(CacheStatus.NOT_STORED);
    }

    private static Optional<Duration> notFoundFor(CachingMovieSearch search, ImdbId id) {
        DetailsAnswer answer = search.lookUpAsync(id, Plot.SHORT).join();
        assertThat(answer.movie()).isEmpty();
        return answer.notFoundFor();
    }

    @Test
    void aZeroNegativeTtlRemembersNothing() {
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache,
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ZERO));

        search.findById(UNKNOWN, Plot.SHORT);
        search.findById(UNKNOWN, Plot.SHORT);

        assertThat(cache.missing).isEmpty();
        assertThat(catalog.findCalls).hasValue(2);
    }

    @Test
    void anUnknownIdIsStillAnsweredWhenTheCacheIsDown() {
        cache.failing(true);
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));

        assertThat(search.findById(UNKNOWN, Plot.SHORT)).isEmpty();
    }
}
