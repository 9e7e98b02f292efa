package io.cinemix.core;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.QueuedExecutor;
import io.cinemix.core.fake.TickingMovieCache;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stale-while-revalidate (RFC 5861) with CACHE_TTL = 60 s and a 30 s window: an entry lives 90 s; between 60 and 90 s
 * it is answered at once, marked {@link CacheStatus#REVALIDATING}, while one refresh runs on the background executor.
 * Time is a fake ticker; the background executor only queues, so each test sees the answer before the refresh ran.
 */
class StaleWhileRevalidateTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final MovieDetails UPDATED = CountingMovieCatalog.movie("tt0372784", "Batman Begins (2005)");
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final CachePolicy POLICY = new CachePolicy(TTL, Duration.ZERO, CachePolicy.DEFAULT_NEGATIVE_TTL,
            Duration.ZERO, WINDOW);

    private final FakeTicker ticker = new FakeTicker(42);
    private final CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
    private final QueuedExecutor background = new QueuedExecutor();
    private final CompletableFuture<Void> heldLeaseReleased = new CompletableFuture<>();
    private volatile boolean leaseHeldElsewhere;

    /** A cache held in memory (answers {@code peek}), as the in-process cache and the near cache are. */
    private final TickingMovieCache memory = new TickingMovieCache(ticker, true);
    /** A cache read only by a lookup (no {@code peek}), as Redis without a near cache is. */
    private final TickingMovieCache remote = new TickingMovieCache(ticker, false);

    /** Granted, until {@link #leaseHeldElsewhere} says another instance holds them. */
    private FetchLeases grantedLeases(TickingMovieCache cache) {
        return key -> {
            cache.events.add("take");
            return leaseHeldElsewhere ? FetchLeases.Lease.heldElsewhere(heldLeaseReleased)
                    : FetchLeases.Lease.grantedOnMiss(() -> cache.events.add("release"));
        };
    }

    /** The service over {@code cache}, Batman stored at the start, the catalog then knowing an updated Batman. */
    private CachingMovieSearch storedAtStart(TickingMovieCache cache, CachePolicy policy, Executor executor,
                                             FetchLeases leases) {
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, policy, executor, leases);
        assertThat(search.findById(ID, Plot.SHORT)).map(MovieLookup::cacheStatus).contains(CacheStatus.STORED);
        catalog.with(UPDATED);
        cache.events.clear();
        return search;
    }

    private CachingMovieSearch storedAtStart(TickingMovieCache cache) {
        return storedAtStart(cache, POLICY, background, grantedLeases(cache));
    }

    @Test
    void storesAnEntryForTtlPlusTheWindow() {
        CachingMovieSearch search = new CachingMovieSearch(catalog, memory, POLICY, background, grantedLeases(memory));

        search.findById(ID, Plot.SHORT);

        assertThat(memory.events).containsExactly("take", "put Batman Begins for PT1M30S", "release");
    }

    @Test
    void answersTheCopyInMemoryAtOnceWithinTheWindowAndRefreshesItOnTheBackgroundExecutor() {
        CachingMovieSearch search = storedAtStart(memory);
        ticker.advance(Duration.ofSeconds(70));

        CompletableFuture<DetailsAnswer> answer = search.lookUpAsync(ID, Plot.SHORT);

        assertThat(answer).as("answered without waiting for the refresh").isDone();
        MovieLookup stale = answer.join().movie().orElseThrow();
        assertThat(stale.movie()).isEqualTo(BATMAN);
        assertThat(stale.cacheStatus()).isEqualTo(CacheStatus.REVALIDATING);
        assertThat(stale.freshness()).as("not fresh, stored 70 s ago, 20 s of the window left")
                .isEqualTo(new Freshness(Duration.ZERO, Duration.ofSeconds(70), Duration.ZERO, Duration.ofSeconds(20)));
        assertThat(catalog.findCalls).as("the refresh has not run yet").hasValue(1);
        assertThat(background.queued()).isEqualTo(1);

        background.runAll();

        assertThat(catalog.findCalls).hasValue(2);
        assertThat(memory.events).containsExactly("take", "put Batman Begins (2005) for PT1M30S", "release");
        MovieLookup hit = search.lookUpAsync(ID, Plot.SHORT).join().movie().orElseThrow();
        assertThat(hit.movie()).isEqualTo(UPDATED);
        assertThat(hit.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(hit.freshness()).as("a fresh answer may be served stale for the whole window")
                .isEqualTo(new Freshness(TTL, Duration.ZERO, Duration.ZERO, WINDOW));
    }

    @Test
    void answersTheCopyTheCacheReadFindsWithinTheWindowToo() {
        CachingMovieSearch search = storedAtStart(remote);
        ticker.advance(Duration.ofSeconds(89));

        MovieLookup stale = search.findById(ID, Plot.SHORT).orElseThrow();

        assertThat(stale.movie()).isEqualTo(BATMAN);
        assertThat(stale.cacheStatus()).isEqualTo(CacheStatus.REVALIDATING);
        assertThat(stale.freshness().staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(1));
        assertThat(catalog.findCalls).as("the caller's thread made no call").hasValue(1);

        background.runAll();

        assertThat(catalog.findCalls).hasValue(2);
        assertThat(search.findById(ID, Plot.SHORT)).map(MovieLookup::cacheStatus).contains(CacheStatus.HIT);
    }

    @Test
    void startsOneRefreshForAnyNumberOfStaleAnswersUntilItEnds() {
        CachingMovieSearch search = storedAtStart(memory);
        ticker.advance(Duration.ofSeconds(75));

        for (int i = 0; i < 10; i++) {
            assertThat(search.lookUpAsync(ID, Plot.SHORT).join().movie()).map(MovieLookup::cacheStatus)
                    .contains(CacheStatus.REVALIDATING);
        }

        assertThat(background.queued()).isEqualTo(1);
        background.runAll();
        assertThat(catalog.findCalls).as("1 store + 1 refresh").hasValue(2);
        assertThat(memory.events).containsOnlyOnce("take");
    }

    @Test
    void leavesTheRefreshToTheInstanceHoldingTheLease() {
        CachingMovieSearch search = storedAtStart(memory);
        leaseHeldElsewhere = true;
        ticker.advance(Duration.ofSeconds(70));

        assertThat(search.lookUpAsync(ID, Plot.SHORT).join().movie()).map(MovieLookup::cacheStatus)
                .contains(CacheStatus.REVALIDATING);
        background.runAll();
        assertThat(search.lookUpAsync(ID, Plot.SHORT).join().movie()).as("answered while the holder refreshes")
                .map(MovieLookup::cacheStatus).contains(CacheStatus.REVALIDATING);
        background.runAll();

        assertThat(catalog.findCalls).as("no call here: the holder refreshes").hasValue(1);
        assertThat(memory.events).as("asked once until the holder released the lease").containsExactly("take");

        heldLeaseReleased.complete(null); // the holder released the lease (it stored, or failed)
        search.lookUpAsync(ID, Plot.SHORT).join();
        background.runAll();

        assertThat(memory.events).as("still stale here: asked again").containsExactly("take", "take");
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void doesNotCallTheUpstreamWhenTheEntryWasStoredAgainBeforeTheRefreshRan() {
        CachingMovieSearch search = storedAtStart(memory);
        ticker.advance(Duration.ofSeconds(70));
        search.lookUpAsync(ID, Plot.SHORT).join();
        memory.put(UPDATED, Plot.SHORT, POLICY.details().storedFor()); // e.g. by a refresh that ended meanwhile

        background.runAll();

        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void keepsServingTheCopyWhileRefreshesFailUntilTheWindowEnds() {
        CachingMovieSearch search = storedAtStart(memory);
        catalog.failWith(() -> new UpstreamUnavailableException("The movie catalog is down."));
        ticker.advance(Duration.ofSeconds(70));

        assertThat(search.lookUpAsync(ID, Plot.SHORT).join().movie()).map(MovieLookup::movie).contains(BATMAN);
        assertThat(background.runAll()).as("the failed refresh threw nowhere").isEqualTo(1);
        ticker.advance(Duration.ofSeconds(19));
        CompletableFuture<DetailsAnswer> again = search.lookUpAsync(ID, Plot.SHORT);
        background.runAll();
        ticker.advance(Duration.ofSeconds(1));

        assertThat(again.join().movie()).map(MovieLookup::cacheStatus).contains(CacheStatus.REVALIDATING);
        assertThat(catalog.findCalls).as("1 store + 2 refreshes tried").hasValue(3);
        assertThat(memory.events).doesNotContain("put Batman Begins (2005) for PT1M30S");
        assertThatThrownBy(() -> search.findById(ID, Plot.SHORT)).as("the window is over: nothing left to serve")
                .isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void keepsServingTheCopyForTheGraceWhenTheGraceIsLonger() {
        CachePolicy withGrace = new CachePolicy(TTL, Duration.ofSeconds(120), CachePolicy.DEFAULT_NEGATIVE_TTL,
                Duration.ZERO, WINDOW);
        CachingMovieSearch search = storedAtStart(memory, withGrace, background, grantedLeases(memory));
        catalog.failWith(() -> new UpstreamUnavailableException("The movie catalog is down."));
        ticker.advance(Duration.ofSeconds(89));

        MovieLookup revalidating = search.lookUpAsync(ID, Plot.SHORT).join().movie().orElseThrow();
        background.runAll();
        ticker.advance(Duration.ofSeconds(90)); // 179 s: the window is over, 1 s of the grace is left
        MovieLookup stale = search.findById(ID, Plot.SHORT).orElseThrow();

        assertThat(revalidating.cacheStatus()).isEqualTo(CacheStatus.REVALIDATING);
        assertThat(revalidating.freshness()).isEqualTo(new Freshness(Duration.ZERO, Duration.ofSeconds(89),
                Duration.ofSeconds(120), Duration.ofSeconds(1)));
        assertThat(stale.movie()).isEqualTo(BATMAN);
        assertThat(stale.cacheStatus()).as("stale-if-error: the caller's own refresh failed")
                .isEqualTo(CacheStatus.STALE);
        assertThat(stale.freshness().staleWhileRevalidate()).isZero();
        assertThat(background.queued()).isZero();
        assertThat(catalog.findCalls).as("1 store, 1 background refresh, 1 refresh the caller waited for").hasValue(3);
    }

    @Test
    void anExecutorRefusingTheRefreshDoesNotFailTheAnswer() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("shutting down");
        };
        CachingMovieSearch search = storedAtStart(memory, POLICY, refusing, grantedLeases(memory));
        ticker.advance(Duration.ofSeconds(70));

        CompletableFuture<DetailsAnswer> answer = search.lookUpAsync(ID, Plot.SHORT);

        assertThat(answer).isCompleted();
        assertThat(answer.join().movie()).map(MovieLookup::cacheStatus).contains(CacheStatus.REVALIDATING);
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void withoutAWindowAnExpiredEntryIsFetchedWhileTheCallerWaitsAsBefore() {
        CachePolicy seed = CachePolicy.of(TTL);
        CachingMovieSearch search = storedAtStart(memory, seed, background, grantedLeases(memory));
        ticker.advance(Duration.ofSeconds(59));
        MovieLookup hit = search.lookUpAsync(ID, Plot.SHORT).join().movie().orElseThrow();
        ticker.advance(Duration.ofSeconds(1));

        MovieLookup expired = search.findById(ID, Plot.SHORT).orElseThrow();

        assertThat(hit.freshness()).isEqualTo(new Freshness(Duration.ofSeconds(1), Duration.ofSeconds(59),
                Duration.ZERO, Duration.ZERO));
        assertThat(expired.cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(memory.events).containsExactly("take", "put Batman Begins (2005) for PT1M", "release");
        assertThat(background.queued()).isZero();
    }
}
