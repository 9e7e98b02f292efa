package io.cinemix.core;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.fake.CountdownBudget;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.GatedMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.fake.Lookups;
import io.cinemix.core.fake.MutableClock;
import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.Requester;
import io.cinemix.core.upstream.BudgetedMovieCatalog;
import io.cinemix.core.upstream.CircuitBreakingMovieCatalog;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.cinemix.core.fake.GatedMovieCatalog.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;

class CoalescingTest {
    private static final int THREADS = 50;
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final InMemoryMovieCache cache = new InMemoryMovieCache();

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fiftyConcurrentColdLookupsMakeOneUpstreamCallAndAllGetTheMovie() throws Exception {
        GatedMovieCatalog catalog = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));

        List<Future<Optional<MovieLookup>>> answers = lookUpConcurrently(search, catalog, ID, Plot.SHORT);

        assertThat(catalog.findCalls).hasValue(1);
        for (Future<Optional<MovieLookup>> answer : answers) {
            assertThat(answer.get()).get().extracting(MovieLookup::movie).isEqualTo(BATMAN);
            assertThat(answer.get()).get().extracting(MovieLookup::cacheStatus).isEqualTo(CacheStatus.STORED);
        }
        assertThat(cache.puts).hasValue(1);
        assertThat(search.stats().coalescedWaits()).isEqualTo(THREADS - 1);
        assertThat(search.stats().upstreamRequests()).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentColdLookupsThroughTheWholeChainSpendOneUnitOfBudget() throws Exception {
        GatedMovieCatalog omdb = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        CountdownBudget budget = new CountdownBudget(1000);
        MovieCatalog upstream = new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(omdb, budget),
                new FakeTicker(), CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD,
                CircuitBreakingMovieCatalog.DEFAULT_COOL_DOWN);
        CachingMovieSearch search = new CachingMovieSearch(upstream, cache,
                new CachePolicy(Duration.ofHours(1), Duration.ofMinutes(10), CachePolicy.DEFAULT_NEGATIVE_TTL));

        List<Future<Optional<MovieLookup>>> answers = lookUpConcurrently(search, omdb, ID, Plot.SHORT);

        for (Future<Optional<MovieLookup>> answer : answers) {
            assertThat(answer.get()).map(Lookups::ignoringFreshness)
                    .contains(new MovieLookup(BATMAN, CacheStatus.STORED));
        }
        assertThat(omdb.findCalls).hasValue(1);
        assertThat(budget.remaining()).isEqualTo(999);
    }

    @Test
    void theUpstreamCallIsChargedToTheRequesterWhoseLookupMadeItNotToThoseWhoJoinedIt() throws Exception {
        GatedMovieCatalog catalog = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, CachePolicy.of(Duration.ofHours(1)), pool);
        Requester first = Requester.of("198.51.100.1");
        Requester joining = Requester.of("198.51.100.2");
        CompletableFuture<DetailsAnswer> made = search.lookUpAsync(ID, Plot.SHORT, first);
        catalog.awaitEntered();

        CompletableFuture<DetailsAnswer> joined = search.lookUpAsync(ID, Plot.SHORT, joining);
        awaitUntil(() -> search.stats().coalescedWaits() == 1, "the second lookup joins the first");
        catalog.open();

        assertThat(made.get(10, TimeUnit.SECONDS).movie()).isPresent();
        assertThat(joined.get(10, TimeUnit.SECONDS).movie()).isPresent();
        assertThat(catalog.requesters).containsExactly(first);
    }

    @Test
    void aLookupThatJoinsOneUnderWayIsToldToTheLeasesWithTheWaitThatEndsWithTheAnswer() throws Exception {
        GatedMovieCatalog catalog = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        List<CacheKey> joinedKeys = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> waits = new CopyOnWriteArrayList<>();
        FetchLeases leases = new FetchLeases() {
            @Override
            public Lease take(CacheKey key) {
                return Lease.UNCONTESTED;
            }

            @Override
            public void joined(CacheKey key, CompletableFuture<?> until) {
                joinedKeys.add(key);
                waits.add(until);
            }
        };
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, CachePolicy.of(Duration.ofHours(1)), pool,
                leases);
        CompletableFuture<DetailsAnswer> made = search.lookUpAsync(ID, Plot.SHORT, Requester.NOBODY);
        catalog.awaitEntered();
        assertThat(joinedKeys).as("the lookup that fetches waits on nobody").isEmpty();

        CompletableFuture<DetailsAnswer> joined = search.lookUpAsync(ID, Plot.SHORT, Requester.NOBODY);
        awaitUntil(() -> joinedKeys.size() == 1, "the second lookup is told as joining");
        assertThat(joinedKeys).containsExactly(new DetailsKey(ID, Plot.SHORT));
        assertThat(waits.get(0)).isNotDone();
        catalog.open();

        assertThat(joined.get(10, TimeUnit.SECONDS).movie()).isPresent();
        assertThat(waits.get(0)).isDone();
        assertThat(made.get(10, TimeUnit.SECONDS).movie()).isPresent();
    }

    @Test
    void lookupsArrivingDuringAFetchJoinItWithoutReadingTheCache() throws Exception {
        GatedMovieCatalog catalog = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));
        Future<Optional<MovieLookup>> first = pool.submit(() -> search.findById(ID, Plot.SHORT));
        catalog.awaitEntered();
        int readsByTheFirst = cache.gets.get();

        List<Future<Optional<MovieLookup>>> joined = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            joined.add(pool.submit(() -> search.findById(ID, Plot.SHORT)));
        }
        awaitUntil(() -> search.stats().coalescedWaits() == 10, "ten lookups join the fetch");
        catalog.open();

        assertThat(first.get()).map(Lookups::ignoringFreshness).contains(new MovieLookup(BATMAN, CacheStatus.STORED));
        for (Future<Optional<MovieLookup>> answer : joined) {
            assertThat(answer.get()).map(Lookups::ignoringFreshness)
                    .contains(new MovieLookup(BATMAN, CacheStatus.STORED));
        }
        assertThat(cache.gets).hasValue(readsByTheFirst);
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void lookupsThatJoinedAFailedFetchStillGetTheStaleEntry() throws Exception {
        GatedMovieCatalog catalog = new GatedMovieCatalog(() -> {
            throw new UpstreamTimeoutException("The movie catalog did not answer in time.");
        });
        CachePolicy withGrace = new CachePolicy(Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO);
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, withGrace);
        cache.entries.put(new DetailsKey(ID, Plot.SHORT), new CachedMovie(BATMAN, Duration.ofMinutes(30)));
        Future<Optional<MovieLookup>> first = pool.submit(() -> search.findById(ID, Plot.SHORT));
        catalog.awaitEntered();

        Future<Optional<MovieLookup>> joined = pool.submit(() -> search.findById(ID, Plot.SHORT));
        awaitUntil(() -> search.stats().coalescedWaits() == 1, "a lookup joins the fetch");
        catalog.open();

        assertThat(first.get()).map(Lookups::ignoringFreshness).contains(new MovieLookup(BATMAN, CacheStatus.STALE));
        assertThat(joined.get()).map(Lookups::ignoringFreshness).contains(new MovieLookup(BATMAN, CacheStatus.STALE));
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void everyWaiterLearnsTheIdIsUnknownFromTheOneUpstreamCall() throws Exception {
        GatedMovieCatalog catalog = new GatedMovieCatalog(Optional::empty);
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));

        List<Future<Optional<MovieLookup>>> answers = lookUpConcurrently(search, catalog, ID, Plot.SHORT);

        assertThat(catalog.findCalls).hasValue(1);
        for (Future<Optional<MovieLookup>> answer : answers) {
            assertThat(answer.get()).isEmpty();
        }
        assertThat(cache.missing).containsOnlyKeys(ID);
    }

    @Test
    void lookupsStillShareOneUpstreamCallWhileTheCacheIsDown() throws Exception {
        cache.failing(true);
        GatedMovieCatalog catalog = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));

        List<Future<Optional<MovieLookup>>> answers = lookUpConcurrently(search, catalog, ID, Plot.SHORT);

        assertThat(catalog.findCalls).hasValue(1);
        for (Future<Optional<MovieLookup>> answer : answers) {
            assertThat(answer.get()).map(Lookups::ignoringFreshness)
                    .contains(new MovieLookup(BATMAN, CacheStatus.NOT_STORED));
        }
    }

    @Test
    void aLookupAfterTheSharedFetchWhileTheCacheIsDownFetchesAgain() {
        cache.failing(true);
        CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));

        search.findById(ID, Plot.SHORT);
        search.findById(ID, Plot.SHORT);

        assertThat(catalog.findCalls).hasValue(2);
    }

    @Test
    void theShortAndTheFullPlotOfOneIdAreSeparateFetches() throws Exception {
        GatedMovieCatalog catalog = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofHours(1));

        Future<Optional<MovieLookup>> shortPlot = pool.submit(() -> search.findById(ID, Plot.SHORT));
        catalog.awaitEntered();
        Future<Optional<MovieLookup>> fullPlot = pool.submit(() -> search.findById(ID, Plot.FULL));
        awaitUntil(() -> catalog.findCalls.get() == 2, "the full plot is fetched too");
        catalog.open();

        assertThat(shortPlot.get()).isPresent();
        assertThat(fullPlot.get()).isPresent();
        assertThat(search.stats().coalescedWaits()).isZero();
    }

    @Test
    void lookupsStartedWhileAnotherReadsTheCacheShareThatRead() throws Exception {
        CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
        cache.entries.put(new DetailsKey(ID, Plot.SHORT), new CachedMovie(BATMAN, Duration.ofHours(1)));
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch readMayEnd = new CountDownLatch(1);
        MovieCache slowCache = new MovieCache() {
            @Override
            public Optional<CachedMovie> get(ImdbId id, Plot plot) {
                reading.countDown();
                try {
                    assertThat(readMayEnd.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return cache.get(id, plot);
            }

            @Override
            public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
                return cache.put(movie, plot, ttl);
            }

            @Override
            public Optional<Duration> missingFor(ImdbId id) {
                return cache.missingFor(id);
            }

            @Override
            public boolean putMissing(ImdbId id, Duration ttl) {
                return cache.putMissing(id, ttl);
            }
        };
        CachingMovieSearch search = new CachingMovieSearch(catalog, slowCache, Duration.ofHours(1));
        Future<Optional<MovieLookup>> first = pool.submit(() -> search.findById(ID, Plot.SHORT));
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        List<Future<Optional<MovieLookup>>> joined = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            joined.add(pool.submit(() -> search.findById(ID, Plot.SHORT)));
        }
        awaitUntil(() -> search.stats().coalescedWaits() == 10, "ten lookups join the cache read");
        readMayEnd.countDown();

        assertThat(first.get()).map(Lookups::ignoringFreshness).contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        for (Future<Optional<MovieLookup>> answer : joined) {
            assertThat(answer.get()).map(Lookups::ignoringFreshness).contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        }
        assertThat(cache.gets).hasValue(1);
        assertThat(catalog.findCalls).hasValue(0);
    }

    /** Starts {@link #THREADS} lookups at once, holds the upstream until all but one wait for it, then lets it go. */
    private List<Future<Optional<MovieLookup>>> lookUpConcurrently(CachingMovieSearch search, GatedMovieCatalog catalog,
                                                                  ImdbId id, Plot plot) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<MovieLookup>>> answers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Callable<Optional<MovieLookup>> lookup = () -> {
                start.await();
                return search.findById(id, plot);
            };
            answers.add(pool.submit(lookup));
        }
        start.countDown();
        catalog.awaitEntered();
        awaitUntil(() -> search.stats().coalescedWaits() == THREADS - 1, "every other lookup waits for the fetch");
        catalog.open();
        return answers;
    }

    private static Throwable failureOf(Future<?> answer) throws InterruptedException {
        try {
            answer.get();
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + answer);
    }
}
