package io.cinemix.adapter.memory;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.port.CachedMovie;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NearMovieCacheTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryMovieCache shared = new InMemoryMovieCache();
    private final NearMovieCache cache = new NearMovieCache(shared, ticker, Duration.ofSeconds(10), 100);

    @Test
    void readsAHotTitleFromTheSharedCacheOncePerNearTtl() {
        shared.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(BATMAN, Duration.ofHours(1)));

        for (int i = 0; i < 5; i++) {
            assertThat(cache.get(ID, Plot.SHORT)).get().extracting(CachedMovie::movie).isEqualTo(BATMAN);
        }
        assertThat(shared.gets).hasValue(1);

        ticker.advanceSeconds(10);
        cache.get(ID, Plot.SHORT);
        assertThat(shared.gets).hasValue(2);
    }

    @Test
    void peeksAtTheNearCopyOnlyAndNeverAsksTheSharedCache() {
        shared.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(BATMAN, Duration.ofHours(1)));

        assertThat(cache.peek(ID, Plot.SHORT)).isEmpty();
        cache.get(ID, Plot.SHORT);
        assertThat(cache.peek(ID, Plot.SHORT)).get().extracting(CachedMovie::movie).isEqualTo(BATMAN);
        ticker.advanceSeconds(10);
        assertThat(cache.peek(ID, Plot.SHORT)).isEmpty();
        assertThat(shared.gets).hasValue(1);
    }

    @Test
    void reportsTheSharedEntrysRemainingTimeToLive() {
        shared.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(BATMAN, Duration.ofSeconds(100)));
        cache.get(ID, Plot.SHORT);
        ticker.advanceSeconds(4);

        assertThat(cache.get(ID, Plot.SHORT)).get().extracting(CachedMovie::timeToLive)
                .isEqualTo(Duration.ofSeconds(96));
        assertThat(shared.gets).hasValue(1);
    }

    @Test
    void neverOutlivesTheSharedEntry() {
        shared.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(BATMAN, Duration.ofSeconds(3)));
        cache.get(ID, Plot.SHORT);
        shared.entries.clear(); // the shared entry expires after 3 s
        ticker.advanceSeconds(3);

        assertThat(cache.get(ID, Plot.SHORT)).isEmpty();
    }

    @Test
    void copiesOnlyWhatTheSharedCacheStored() {
        shared.refusingWrites(true);
        assertThat(cache.put(BATMAN, Plot.SHORT, Duration.ofHours(1))).isFalse();
        assertThat(cache.get(ID, Plot.SHORT)).isEmpty();

        shared.refusingWrites(false);
        assertThat(cache.put(BATMAN, Plot.SHORT, Duration.ofHours(1))).isTrue();
        int readsBefore = shared.gets.get();
        assertThat(cache.get(ID, Plot.SHORT)).isPresent();
        assertThat(shared.gets).hasValue(readsBefore);
    }

    @Test
    void keepsPlotsApartAndAsksTheSharedCacheAboutMissingIds() {
        cache.put(BATMAN, Plot.SHORT, Duration.ofHours(1));
        assertThat(cache.get(ID, Plot.FULL)).isEmpty();

        cache.putMissing(ImdbId.of("tt9999999"), Duration.ofMinutes(5));
        assertThat(shared.missing).containsKey(ImdbId.of("tt9999999"));
        assertThat(cache.isKnownMissing(ImdbId.of("tt9999999"))).isTrue();
    }

    @Test
    void refusesANonPositiveNearTtl() {
        assertThatThrownBy(() -> new NearMovieCache(shared, ticker, Duration.ZERO, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("near cache TTL");
    }
}
