package io.cinemix.adapter.memory;

import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchLookup;

import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.SearchKey;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.CachePolicy;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.GatedMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieLookup;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with a lease another instance holds (a hand-written fake): it waits, then reads or fetches; for details,
 * and for searches when they are cached.
 */
class FetchLeasesTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final SearchQuery BATMAN_SEARCH = SearchQuery.of("batman");
    private static final Duration SEARCH_TTL = Duration.ofMinutes(10);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final InMemoryMovieCache cache = new InMemoryMovieCache();
    private final CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final AtomicInteger takes = new AtomicInteger();
    private final List<CacheKey> leaseKeys = new CopyOnWriteArrayList<>();
    private final FetchLeases heldElsewhere = key -> {
        leaseKeys.add(key);
        takes.incrementAndGet();
        return FetchLeases.Lease.heldElsewhere(released);
    };
    private final CachingMovieSearch search = new CachingMovieSearch(catalog, cache, CachePolicy.of(Duration.ofHours(1)),
            pool, heldElsewhere);

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waitsForTheHolderWithoutCallingTheUpstreamAndServesWhatItStored() throws Exception {
        CompletableFuture<Optional<MovieLookup>> lookup = search.findByIdAsync(ID, Plot.SHORT);
        awaitTakes(1);
        assertThat(lookup).isNotDone();

        cache.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(BATMAN, Duration.ofHours(1)));
        released.complete(null);

        assertThat(lookup.get(5, TimeUnit.SECONDS)).get().extracting(MovieLookup::cacheStatus)
                .isEqualTo(CacheStatus.HIT);
        assertThat(catalog.findCalls).hasValue(0);
        assertThat(leaseKeys).containsExactly(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT));
    }

    @Test
    void fetchesItselfWhenTheWaitEndsAndNothingWasStored() throws Exception {
        CompletableFuture<Optional<MovieLookup>> lookup = search.findByIdAsync(ID, Plot.SHORT);
        awaitTakes(1);

        released.complete(null); // the holder died: the bounded wait is over

        assertThat(lookup.get(5, TimeUnit.SECONDS)).get().extracting(MovieLookup::cacheStatus)
                .isEqualTo(CacheStatus.STORED);
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void answersNotFoundWithoutTheUpstreamWhenTheHolderFoundTheIdMissing() {
        CompletableFuture<Optional<MovieLookup>> lookup = search.findByIdAsync(ID, Plot.SHORT);
        awaitTakes(1);

        cache.missing.put(ID, Duration.ofMinutes(5));
        released.complete(null);

        assertThat(lookup.join()).isEmpty();
        assertThat(catalog.findCalls).hasValue(0);
    }

    @Test
    void servesWhatTheHolderStoredJustBeforeTheLeaseWasFoundHeldWithoutWaiting() {
        CachingMovieSearch racing = new CachingMovieSearch(catalog, cache, CachePolicy.of(Duration.ofHours(1)), pool,
                key -> {
                    cache.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(BATMAN, Duration.ofHours(1)));
                    return FetchLeases.Lease.heldElsewhere(released);
                });

        assertThat(racing.findById(ID, Plot.SHORT)).get().extracting(MovieLookup::cacheStatus)
                .isEqualTo(CacheStatus.HIT);
        assertThat(released).as("stopped waiting").isDone();
        assertThat(catalog.findCalls).hasValue(0);
    }

    @Test
    void aCachedSearchWaitsForTheInstanceFetchingItAndServesThePageItStoredWithoutAnUpstreamCall() throws Exception {
        InProcessSearchCache shared = new InProcessSearchCache(new FakeTicker(), 100);
        CachingMovieSearch searching = searchingWith(shared, SEARCH_TTL);
        CompletableFuture<SearchLookup> lookup =
                CompletableFuture.supplyAsync(() -> searching.search(BATMAN_SEARCH), pool);
        awaitTakes(1);
        assertThat(lookup).isNotDone();

        shared.put(SearchKey.of(BATMAN_SEARCH), catalog.search(BATMAN_SEARCH), SEARCH_TTL); // what the other instance stored
        released.complete(null);

        assertThat(lookup.get(5, TimeUnit.SECONDS).cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(catalog.searchCalls).as("only the other instance's call, made above").hasValue(1);
        assertThat(leaseKeys).containsExactly(SearchKey.of(BATMAN_SEARCH));
    }

    @Test
    void aCachedSearchCallsTheUpstreamItselfWhenTheWaitEndsAndNothingWasStored() throws Exception {
        CachingMovieSearch searching = searchingWith(new InProcessSearchCache(new FakeTicker(), 100), SEARCH_TTL);
        CompletableFuture<SearchLookup> lookup =
                CompletableFuture.supplyAsync(() -> searching.search(BATMAN_SEARCH), pool);
        awaitTakes(1);

        released.complete(null); // the holder died: the bounded wait is over

        assertThat(lookup.get(5, TimeUnit.SECONDS).cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(catalog.searchCalls).hasValue(1);
    }

    @Test
    void aSearchThatIsNotCachedTakesNoLease() {
        CachingMovieSearch searching = searchingWith(new InProcessSearchCache(new FakeTicker(), 100), Duration.ZERO);

        assertThat(searching.search(BATMAN_SEARCH).cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        assertThat(takes).as("nothing to hand over: no instance could read another's page").hasValue(0);
    }

    @Test
    void nearCacheDropsItsCopiesOnAChangeNotice() {
        InMemoryMovieCache shared = new InMemoryMovieCache();
        NearMovieCache near = new NearMovieCache(shared, new FakeTicker(), Duration.ofSeconds(60), 100);
        shared.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(BATMAN, Duration.ofHours(1)));
        near.get(ID, Plot.SHORT);
        assertThat(near.peek(ID, Plot.SHORT)).isPresent();

        near.forget(ID);
        assertThat(near.peek(ID, Plot.SHORT)).isEmpty();

        near.get(ID, Plot.SHORT);
        near.forgetAll();
        assertThat(near.peek(ID, Plot.SHORT)).isEmpty();
    }

    private CachingMovieSearch searchingWith(SearchCache searches, Duration searchTtl) {
        return new CachingMovieSearch(catalog, cache, new CachePolicy(Duration.ofHours(1), Duration.ZERO,
                Duration.ofMinutes(5), searchTtl), pool, heldElsewhere, searches);
    }

    private void awaitTakes(int n) {
        GatedMovieCatalog.awaitUntil(() -> takes.get() >= n, n + " lease take(s)");
        assertThat(takes).hasValue(n);
    }
}
