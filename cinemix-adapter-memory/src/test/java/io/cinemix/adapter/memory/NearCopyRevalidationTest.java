package io.cinemix.adapter.memory;

import io.cinemix.core.CachePolicy;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.fake.QueuedExecutor;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stale-while-revalidate on a near copy (CACHE_TTL 60 s, a 30 s window, NEAR_CACHE_TTL longer than both): the copy in
 * this instance's memory is answered at once past its freshness, without asking the shared cache, and refreshed once
 * in the background; the refreshed copy is kept near again.
 */
class NearCopyRevalidationTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final MovieDetails UPDATED = CountingMovieCatalog.movie("tt0372784", "Batman Begins (2005)");
    private static final CachePolicy POLICY = new CachePolicy(Duration.ofSeconds(60), Duration.ZERO,
            CachePolicy.DEFAULT_NEGATIVE_TTL, Duration.ZERO, Duration.ofSeconds(30));

    private final FakeTicker ticker = new FakeTicker(7);
    private final InMemoryMovieCache shared = new InMemoryMovieCache();
    private final NearMovieCache near = new NearMovieCache(shared, ticker, Duration.ofMinutes(5), 100);
    private final CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
    private final QueuedExecutor background = new QueuedExecutor();
    private final CachingMovieSearch search = new CachingMovieSearch(catalog, near, POLICY, background,
            FetchLeases.ALWAYS_GRANTED);

    @Test
    void answersTheNearCopyAtOnceWithinTheWindowAndRefreshesItOnce() {
        assertThat(search.findById(ID, Plot.SHORT)).map(MovieLookup::cacheStatus).contains(CacheStatus.STORED);
        catalog.with(UPDATED);
        int sharedReads = shared.gets.get();
        ticker.advanceSeconds(70);

        CompletableFuture<DetailsAnswer> first = search.lookUpAsync(ID, Plot.SHORT);
        CompletableFuture<DetailsAnswer> second = search.lookUpAsync(ID, Plot.SHORT);

        assertThat(first).isDone();
        assertThat(second).isDone();
        assertThat(first.join().movie()).map(MovieLookup::movie).contains(BATMAN);
        assertThat(first.join().movie()).map(MovieLookup::cacheStatus).contains(CacheStatus.REVALIDATING);
        assertThat(first.join().movie()).map(lookup -> lookup.freshness().staleWhileRevalidate())
                .contains(Duration.ofSeconds(20));
        assertThat(shared.gets).as("answered from memory").hasValue(sharedReads);
        assertThat(catalog.findCalls).hasValue(1);
        assertThat(background.queued()).as("one refresh for both").isEqualTo(1);

        background.runAll();

        assertThat(catalog.findCalls).hasValue(2);
        MovieLookup hit = search.lookUpAsync(ID, Plot.SHORT).join().movie().orElseThrow();
        assertThat(hit.movie()).isEqualTo(UPDATED);
        assertThat(hit.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(near.peek(ID, Plot.SHORT)).as("the refreshed copy is kept near").isPresent();
    }
}
