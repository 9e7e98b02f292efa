package io.cinemix.core;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.fake.InMemorySearchCache;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NEGATIVE_CACHE_TTL for searches: a search the upstream calls too broad is remembered, whatever SEARCH_CACHE_TTL. */
class TooBroadSearchTest {
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(300);
    private static final Duration SEARCH_TTL = Duration.ofSeconds(600);
    private static final String MESSAGE = new QueryTooBroadException().getMessage();
    private static final SearchTerms B = SearchTerms.of(SearchKey.of(SearchQuery.of("b")));

    private final CountingMovieCatalog catalog = new CountingMovieCatalog();
    private final InMemorySearchCache cache = new InMemorySearchCache();

    private CachingMovieSearch service(Duration negativeTtl, Duration searchTtl, FetchLeases leases) {
        return new CachingMovieSearch(catalog, new InMemoryMovieCache(),
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, negativeTtl, searchTtl), Runnable::run, leases,
                cache);
    }

    private static void assertTooBroad(CachingMovieSearch search, SearchQuery query) {
        assertThatThrownBy(() -> search.search(query)).isInstanceOf(QueryTooBroadException.class).hasMessage(MESSAGE);
    }

    @Test
    void answersAnUncachedTooBroadSearchAgainWithoutTheUpstreamOnEveryPageAndInAnyCase() {
        CachingMovieSearch search = service(NEGATIVE_TTL, Duration.ZERO, FetchLeases.ALWAYS_GRANTED);
        catalog.failWith(QueryTooBroadException::new);

        assertTooBroad(search, SearchQuery.of("b"));
        assertTooBroad(search, SearchQuery.of("b"));
        assertTooBroad(search, SearchQuery.of(" B ").withPage(2));

        assertThat(catalog.searchCalls).hasValue(1);
        assertThat(cache.tooBroad).containsExactlyEntriesOf(java.util.Map.of(B, NEGATIVE_TTL));
        assertThat(cache.pages).as("a failure is no page").isEmpty();
        assertThat(cache.tooBroadChecks).as("one read per uncached search").hasValue(3);
        assertThat(cache.trips()).isEqualTo(3);
        assertThat(search.stats().upstreamRequests()).isEqualTo(1);
    }

    @Test
    void asksTheUpstreamForOtherTermsOfTheSameText() {
        CachingMovieSearch search = service(NEGATIVE_TTL, Duration.ZERO, FetchLeases.ALWAYS_GRANTED);
        catalog.failWith(QueryTooBroadException::new);
        assertTooBroad(search, SearchQuery.of("b"));
        catalog.failWith(null);

        search.search(new SearchQuery("b", 1, Optional.of(MediaType.SERIES), OptionalInt.empty()));
        search.search(new SearchQuery("b", 1, Optional.empty(), OptionalInt.of(1989)));
        search.search(SearchQuery.of("ba"));

        assertThat(catalog.searchCalls).hasValue(4);
    }

    @Test
    void readsTheMemoryWithTheCachedPageInOneReadWhenSearchesAreCached() {
        CachingMovieSearch search = service(NEGATIVE_TTL, SEARCH_TTL, FetchLeases.ALWAYS_GRANTED);
        catalog.failWith(QueryTooBroadException::new);

        assertTooBroad(search, SearchQuery.of("b"));
        assertTooBroad(search, SearchQuery.of("B").withPage(3));
        catalog.failWith(null);
        search.search(SearchQuery.of("batman"));
        search.search(SearchQuery.of("batman"));

        assertThat(catalog.searchCalls).as("b once, batman once").hasValue(2);
        assertThat(cache.reads).as("one read per search, page and memory together").hasValue(4);
        assertThat(cache.trips()).isEqualTo(4);
        assertThat(cache.tooBroad).containsOnlyKeys(B);
    }

    @Test
    void remembersNothingAndReadsNothingMoreWithANegativeTtlOfZero() {
        CachingMovieSearch uncached = service(Duration.ZERO, Duration.ZERO, FetchLeases.ALWAYS_GRANTED);
        CachingMovieSearch cached = service(Duration.ZERO, SEARCH_TTL, FetchLeases.ALWAYS_GRANTED);
        catalog.failWith(QueryTooBroadException::new);

        assertTooBroad(uncached, SearchQuery.of("b"));
        assertTooBroad(uncached, SearchQuery.of("b"));
        assertTooBroad(cached, SearchQuery.of("b"));
        assertTooBroad(cached, SearchQuery.of("b"));

        assertThat(catalog.searchCalls).hasValue(4);
        assertThat(cache.remembers).hasValue(0);
        assertThat(cache.gets).as("the cached service reads pages only").hasValue(2);
        assertThat(cache.trips()).isEqualTo(2);
    }

    @Test
    void asksTheUpstreamAgainWhileTheCacheIsDownAndAnswersTheSameError() {
        CachingMovieSearch search = service(NEGATIVE_TTL, Duration.ZERO, FetchLeases.ALWAYS_GRANTED);
        catalog.failWith(QueryTooBroadException::new);
        cache.failing(true);

        assertTooBroad(search, SearchQuery.of("b"));
        assertTooBroad(search, SearchQuery.of("b"));

        assertThat(catalog.searchCalls).hasValue(2);
        assertThat(cache.remembers).as("tried, not remembered").hasValue(2);
    }

    @Test
    void remembersNoOtherFailure() {
        CachingMovieSearch search = service(NEGATIVE_TTL, SEARCH_TTL, FetchLeases.ALWAYS_GRANTED);
        catalog.failWith(() -> new UpstreamTimeoutException("slow"));

        assertThatThrownBy(() -> search.search(SearchQuery.of("b"))).isInstanceOf(UpstreamTimeoutException.class);
        assertThatThrownBy(() -> search.search(SearchQuery.of("b"))).isInstanceOf(UpstreamTimeoutException.class);

        assertThat(catalog.searchCalls).hasValue(2);
        assertThat(cache.remembers).hasValue(0);
    }

    @Test
    void remembersBeforeReleasingTheLeaseSoThatWaitersOnOtherInstancesFindIt() {
        AtomicBoolean rememberedAtRelease = new AtomicBoolean();
        CachingMovieSearch search = service(NEGATIVE_TTL, SEARCH_TTL,
                key -> FetchLeases.Lease.grantedOnMiss(() -> rememberedAtRelease.set(cache.tooBroad.containsKey(B))));
        catalog.failWith(QueryTooBroadException::new);

        assertTooBroad(search, SearchQuery.of("b"));

        assertThat(rememberedAtRelease).isTrue();
    }

    @Test
    void answersFromMemoryWhenTheHolderOfTheLeaseFoundTheSearchTooBroadMeanwhile() {
        AtomicInteger releases = new AtomicInteger();
        CachingMovieSearch search = service(NEGATIVE_TTL, SEARCH_TTL, key -> {
            cache.tooBroad.put(B, NEGATIVE_TTL); // another instance, between this one's read and its lease
            return FetchLeases.Lease.granted(releases::incrementAndGet);
        });

        assertTooBroad(search, SearchQuery.of("b"));

        assertThat(catalog.searchCalls).hasValue(0);
        assertThat(releases).hasValue(1);
    }

    @Test
    void answersFromMemoryAndStopsWaitingWhenAnotherInstanceHoldingTheLeaseFoundTheSearchTooBroad() {
        CompletableFuture<Void> released = new CompletableFuture<Void>().completeOnTimeout(null, 5, TimeUnit.SECONDS);
        CachingMovieSearch search = service(NEGATIVE_TTL, SEARCH_TTL, key -> {
            cache.tooBroad.put(B, NEGATIVE_TTL); // the holder remembered it and is about to release
            return FetchLeases.Lease.heldElsewhere(released);
        });

        assertTooBroad(search, SearchQuery.of("b"));

        assertThat(catalog.searchCalls).hasValue(0);
        assertThat(released).as("the wait ended at once (its listener let go), not after 5 s").isDone();
    }
}
