package io.cinemix.core;

import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.port.MovieCatalog;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.cinemix.core.fake.GatedMovieCatalog.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchCoalescingTest {
    private static final int THREADS = 50;
    private static final SearchPage PAGE = new SearchPage(List.of(new MovieSummary(ImdbId.of("tt0372784"),
            "Batman Begins", "2005", "movie", Optional.empty())), 1, 1);

    /** Searches block until the gate opens; calls are counted. */
    private static final class GatedSearches implements MovieCatalog {
        final AtomicInteger searchCalls = new AtomicInteger();
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        @Override
        public SearchPage search(SearchQuery query) {
            searchCalls.incrementAndGet();
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return PAGE;
        }

        @Override
        public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
            throw new UnsupportedOperationException("searches only");
        }
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final GatedSearches catalog = new GatedSearches();
    private final CachingMovieSearch search = new CachingMovieSearch(catalog, new InMemoryMovieCache(),
            Duration.ofHours(1));

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private List<Future<SearchPage>> searchConcurrently(List<SearchQuery> queries) {
        List<Future<SearchPage>> answers = new ArrayList<>();
        for (SearchQuery query : queries) {
            answers.add(pool.submit(() -> search.search(query).page()));
        }
        return answers;
    }

    @Test
    void fiftyConcurrentIdenticalSearchesMakeOneUpstreamCall() throws Exception {
        List<SearchQuery> queries = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            queries.add(SearchQuery.of("batman"));
        }

        List<Future<SearchPage>> answers = searchConcurrently(queries);
        awaitUntil(() -> search.stats().coalescedWaits() == THREADS - 1, "49 searches join the first");
        catalog.gate.countDown();

        for (Future<SearchPage> answer : answers) {
            assertThat(answer.get()).isEqualTo(PAGE);
        }
        assertThat(catalog.searchCalls).hasValue(1);
        assertThat(search.stats().upstreamRequests()).isEqualTo(1);
    }

    @Test
    void searchesDifferingOnlyInCaseAndSurroundingSpaceShareTheCall() throws Exception {
        List<Future<SearchPage>> answers = searchConcurrently(List.of(SearchQuery.of("Batman"),
                SearchQuery.of("  BATMAN "), SearchQuery.of("batman")));
        awaitUntil(() -> search.stats().coalescedWaits() == 2, "two searches join the first");
        catalog.gate.countDown();

        for (Future<SearchPage> answer : answers) {
            assertThat(answer.get()).isEqualTo(PAGE);
        }
        assertThat(catalog.searchCalls).hasValue(1);
    }

    @Test
    void searchesForAnotherPageTypeOrYearCallTheUpstreamThemselves() throws Exception {
        List<Future<SearchPage>> answers = searchConcurrently(List.of(SearchQuery.of("batman"),
                SearchQuery.of("batman").withPage(2),
                new SearchQuery("batman", 1, Optional.of(MediaType.SERIES), OptionalInt.empty()),
                new SearchQuery("batman", 1, Optional.empty(), OptionalInt.of(2005))));
        awaitUntil(() -> catalog.searchCalls.get() == 4, "four upstream calls");
        catalog.gate.countDown();

        for (Future<SearchPage> answer : answers) {
            answer.get();
        }
        assertThat(search.stats().coalescedWaits()).isZero();
    }

    @Test
    void everyWaiterGetsTheSharedCallsFailure() {
        catalog.failure.set(new UpstreamTimeoutException("slow"));
        List<Future<SearchPage>> answers = searchConcurrently(List.of(SearchQuery.of("batman"),
                SearchQuery.of("batman")));
        awaitUntil(() -> search.stats().coalescedWaits() == 1, "one search joins the first");
        catalog.gate.countDown();

        for (Future<SearchPage> answer : answers) {
            assertThatThrownBy(answer::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UpstreamTimeoutException.class);
        }
        assertThat(catalog.searchCalls).hasValue(1);
    }

    @Test
    void aSearchAfterTheSharedCallEndedCallsAgain() {
        catalog.gate.countDown();

        search.search(SearchQuery.of("batman"));
        search.search(SearchQuery.of("batman"));

        assertThat(catalog.searchCalls).hasValue(2);
    }
}
