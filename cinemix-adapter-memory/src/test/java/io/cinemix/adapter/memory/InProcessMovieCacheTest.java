package io.cinemix.adapter.memory;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.port.CachedMovie;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessMovieCacheTest {
    private final FakeTicker ticker = new FakeTicker();
    private final InProcessMovieCache cache = new InProcessMovieCache(ticker, 3);

    @Test
    void returnsWhatWasStoredWithItsRemainingTime() {
        cache.put(CountingMovieCatalog.movie("tt0372784", "Batman Begins"), Plot.SHORT, Duration.ofSeconds(100));
        ticker.advanceSeconds(40);

        CachedMovie entry = cache.get(ImdbId.of("tt0372784"), Plot.SHORT).orElseThrow();

        assertThat(entry.movie().title()).isEqualTo("Batman Begins");
        assertThat(entry.timeToLive()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cache.get(ImdbId.of("tt0372784"), Plot.FULL)).isEmpty();
    }

    @Test
    void forgetsEntriesWhenTheirTtlEnds() {
        cache.put(CountingMovieCatalog.movie("tt0372784", "Batman Begins"), Plot.SHORT, Duration.ofSeconds(100));
        ticker.advanceSeconds(100);
        assertThat(cache.get(ImdbId.of("tt0372784"), Plot.SHORT)).isEmpty();
    }

    @Test
    void remembersMissingIdsForTheirTtl() {
        ImdbId unknown = ImdbId.of("tt9999999");
        cache.putMissing(unknown, Duration.ofSeconds(300));
        assertThat(cache.isKnownMissing(unknown)).isTrue();
        ticker.advanceSeconds(299);
        assertThat(cache.missingFor(unknown)).contains(Duration.ofSeconds(1));
        ticker.advanceSeconds(1);
        assertThat(cache.isKnownMissing(unknown)).isFalse();
    }

    @Test
    void keepsAtMostMaxEntriesDroppingExpiredOnesFirst() {
        cache.put(CountingMovieCatalog.movie("tt0000001", "Short-lived"), Plot.SHORT, Duration.ofSeconds(1));
        cache.put(CountingMovieCatalog.movie("tt0000002", "Two"), Plot.SHORT, Duration.ofHours(1));
        cache.put(CountingMovieCatalog.movie("tt0000003", "Three"), Plot.SHORT, Duration.ofHours(1));
        ticker.advanceSeconds(2);

        cache.put(CountingMovieCatalog.movie("tt0000004", "Four"), Plot.SHORT, Duration.ofHours(1));

        assertThat(cache.get(ImdbId.of("tt0000002"), Plot.SHORT)).isPresent();
        assertThat(cache.get(ImdbId.of("tt0000003"), Plot.SHORT)).isPresent();
        assertThat(cache.get(ImdbId.of("tt0000004"), Plot.SHORT)).isPresent();

        for (int i = 5; i < 50; i++) {
            cache.put(CountingMovieCatalog.movie("tt00000%02d".formatted(i), "N"), Plot.SHORT, Duration.ofHours(1));
        }
        long kept = java.util.stream.IntStream.range(1, 50)
                .filter(i -> cache.get(ImdbId.of("tt00000%02d".formatted(i)), Plot.SHORT).isPresent()).count();
        assertThat(kept).isLessThanOrEqualTo(3);
    }
    @Test
    void aNewPutSetsItsOwnTtlShorterOrLonger() {
        cache.put(CountingMovieCatalog.movie("tt0000001", "One"), Plot.SHORT, Duration.ofHours(1));
        cache.put(CountingMovieCatalog.movie("tt0000001", "One"), Plot.SHORT, Duration.ofSeconds(5));
        cache.put(CountingMovieCatalog.movie("tt0000002", "Two"), Plot.SHORT, Duration.ofSeconds(5));
        cache.put(CountingMovieCatalog.movie("tt0000002", "Two"), Plot.SHORT, Duration.ofHours(1));
        ticker.advanceSeconds(5);

        assertThat(cache.get(ImdbId.of("tt0000001"), Plot.SHORT)).isEmpty();
        assertThat(cache.get(ImdbId.of("tt0000002"), Plot.SHORT)).get().extracting(CachedMovie::timeToLive)
                .isEqualTo(Duration.ofHours(1).minusSeconds(5));
    }

    @Test
    void keepsACopyForLessTimeThanTheTtlItReports() {
        cache.keep(CountingMovieCatalog.movie("tt0372784", "Batman Begins"), Plot.SHORT, Duration.ofSeconds(100),
                Duration.ofSeconds(10));
        ticker.advanceSeconds(4);
        assertThat(cache.get(ImdbId.of("tt0372784"), Plot.SHORT)).get().extracting(CachedMovie::timeToLive)
                .isEqualTo(Duration.ofSeconds(96));

        ticker.advanceSeconds(6);
        assertThat(cache.get(ImdbId.of("tt0372784"), Plot.SHORT)).isEmpty();
    }

    @Test
    void forgetsBothPlotsOfOneIdOrEverything() {
        cache.put(CountingMovieCatalog.movie("tt0000001", "One"), Plot.SHORT, Duration.ofHours(1));
        cache.put(CountingMovieCatalog.movie("tt0000001", "One"), Plot.FULL, Duration.ofHours(1));
        cache.put(CountingMovieCatalog.movie("tt0000002", "Two"), Plot.SHORT, Duration.ofHours(1));
        cache.putMissing(ImdbId.of("tt9999999"), Duration.ofHours(1));

        cache.forget(ImdbId.of("tt0000001"));
        assertThat(cache.get(ImdbId.of("tt0000001"), Plot.SHORT)).isEmpty();
        assertThat(cache.get(ImdbId.of("tt0000001"), Plot.FULL)).isEmpty();
        assertThat(cache.get(ImdbId.of("tt0000002"), Plot.SHORT)).isPresent();

        cache.forgetAll();
        assertThat(cache.get(ImdbId.of("tt0000002"), Plot.SHORT)).isEmpty();
        assertThat(cache.isKnownMissing(ImdbId.of("tt9999999"))).isTrue();
    }

    @Test
    void keepsAtMostMaxEntriesMissingIds() {
        for (int i = 1; i < 50; i++) {
            cache.putMissing(ImdbId.of("tt00000%02d".formatted(i)), Duration.ofHours(1));
        }
        long kept = java.util.stream.IntStream.range(1, 50)
                .filter(i -> cache.isKnownMissing(ImdbId.of("tt00000%02d".formatted(i)))).count();
        assertThat(kept).isBetween(1L, 3L);
        assertThat(cache.isKnownMissing(ImdbId.of("tt0000049"))).as("the newest is kept").isTrue();
    }

    @Test
    void refusesFewerThanOneEntry() {
        assertThatThrownBy(() -> new InProcessMovieCache(ticker, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    }
}
