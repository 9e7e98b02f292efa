package io.cinemix.adapter.memory;

import io.cinemix.core.port.MovieSearch;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.SearchLookup;
import io.cinemix.core.port.CachedMovie;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.CachePolicy;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.fake.Lookups;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.MovieLookup;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CachingMovieSearch#findByIdAsync}: what an event-loop caller relies on. */
class AsyncLookupTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final Executor NO_EXECUTOR = task -> {
        throw new AssertionError("nothing should need a thread here");
    };

    private final ExecutorService oneThread = Executors.newSingleThreadExecutor();
    private final InMemoryMovieCache cache = new InMemoryMovieCache();

    @AfterEach
    void stopThreads() throws InterruptedException {
        oneThread.shutdownNow();
        assertThat(oneThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFreshCopyInMemoryIsAnsweredAtOnceWithoutAThread() {
        NearMovieCache near = new NearMovieCache(cache, new FakeTicker(), Duration.ofSeconds(10), 100);
        near.put(BATMAN, Plot.SHORT, Duration.ofHours(1));
        int readsBefore = cache.gets.get();
        CachingMovieSearch search = new CachingMovieSearch(new CountingMovieCatalog(), near,
                CachePolicy.of(Duration.ofHours(1)), NO_EXECUTOR);

        CompletableFuture<Optional<MovieLookup>> answer = search.findByIdAsync(ID, Plot.SHORT);

        assertThat(answer).isDone();
        assertThat(answer.join()).map(Lookups::ignoringFreshness).contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        assertThat(cache.gets).hasValue(readsBefore);
    }

    @Test
    void aCopyInMemoryPastItsFreshnessIsLookedUpAgain() throws Exception {
        CachePolicy withGrace = new CachePolicy(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO);
        // 30 minutes left: within the grace period, so stale; the near cache copies it on a first read.
        cache.entries.put(new DetailsKey(ID, Plot.SHORT), new CachedMovie(BATMAN, Duration.ofMinutes(30)));
        NearMovieCache near = new NearMovieCache(cache, new FakeTicker(), Duration.ofSeconds(10), 100);
        assertThat(near.peek(ID, Plot.SHORT)).isEmpty();
        near.get(ID, Plot.SHORT);
        assertThat(near.peek(ID, Plot.SHORT)).isPresent();
        MovieDetails refreshed = CountingMovieCatalog.movie("tt0372784", "Batman Begins (refreshed)");
        CountingMovieCatalog catalog = new CountingMovieCatalog().with(refreshed);
        CachingMovieSearch search = new CachingMovieSearch(catalog, near, withGrace, oneThread);

        Optional<MovieLookup> answer = search.findByIdAsync(ID, Plot.SHORT).get(10, TimeUnit.SECONDS);

        assertThat(answer).map(Lookups::ignoringFreshness).contains(new MovieLookup(refreshed, CacheStatus.STORED));
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void theDefaultFindByIdAsyncAnswersWhatFindByIdDoesOnTheCallingThread() throws Exception {
        UpstreamTimeoutException timeout = new UpstreamTimeoutException("slow");
        MovieSearch plain = new MovieSearch() {
            @Override
            public SearchLookup search(SearchQuery query) {
                throw new UnsupportedOperationException("details only");
            }

            @Override
            public Optional<MovieLookup> findById(ImdbId id, Plot plot) {
                if (plot == Plot.FULL) {
                    throw timeout;
                }
                return Optional.of(new MovieLookup(BATMAN, CacheStatus.HIT));
            }
        };

        assertThat(plain.findByIdAsync(ID, Plot.SHORT))
                .isCompletedWithValue(Optional.of(new MovieLookup(BATMAN, CacheStatus.HIT)));
        assertThat(failureOf(plain.findByIdAsync(ID, Plot.FULL))).isSameAs(timeout);
    }

    @Test
    void findByIdDoesItsWorkOnTheCallingThread() {
        CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
        CachingMovieSearch search = searchOver(catalog, NO_EXECUTOR);

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STORED));
        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.HIT));
    }

    @Test
    void findByIdThrowsTheCatalogsOwnException() {
        UpstreamTimeoutException timeout = new UpstreamTimeoutException("slow");
        CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
        catalog.failWith(() -> timeout);
        CachingMovieSearch search = searchOver(catalog, NO_EXECUTOR);

        assertThatThrownBy(() -> search.findById(ID, Plot.SHORT)).isSameAs(timeout);
    }

    /** The service over {@code catalog} and this test's cache, a one-hour TTL, its blocking work on {@code executor}. */
    private CachingMovieSearch searchOver(MovieCatalog catalog, Executor executor) {
        return new CachingMovieSearch(catalog, cache, CachePolicy.of(Duration.ofHours(1)), executor);
    }

    private static Throwable failureOf(CompletableFuture<?> answer) throws InterruptedException {
        try {
            answer.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 10 s");
        }
        throw new AssertionError("expected a failure, got " + answer);
    }
}
