package io.cinemix.adapter.memory;

import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchKey;

import io.cinemix.core.CachePolicy;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.SearchLookup;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SEARCH_CACHE_TTL: search pages cache-aside, with a fake clock. */
class SearchCacheTest {
    private static final Duration SEARCH_TTL = Duration.ofSeconds(600);
    private static final Executor CALLER = Runnable::run;

    private final FakeTicker ticker = new FakeTicker();
    private final CountingMovieCatalog catalog = new CountingMovieCatalog();
    private final InProcessSearchCache searches = new InProcessSearchCache(ticker, 100);
    private final CachingMovieSearch search = new CachingMovieSearch(catalog, new InMemoryMovieCache(),
            new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(300), SEARCH_TTL), CALLER,
            FetchLeases.ALWAYS_GRANTED, searches);

    @Test
    void storesAMissAndAnswersTheSameSearchFromTheCacheWithoutAnUpstreamCall() {
        SearchLookup miss = search.search(SearchQuery.of("batman"));
        ticker.advanceSeconds(250);
        SearchLookup hit = search.search(SearchQuery.of("batman"));

        assertThat(miss.cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(miss.freshness()).isEqualTo(new Freshness(SEARCH_TTL, Duration.ZERO, Duration.ZERO));
        assertThat(hit.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(hit.freshness()).isEqualTo(new Freshness(Duration.ofSeconds(350), Duration.ofSeconds(250),
                Duration.ZERO));
        assertThat(hit.page()).isEqualTo(miss.page());
        assertThat(catalog.searchCalls).hasValue(1);
    }

    @Test
    void asksAgainOnceTheSearchTtlIsOver() {
        search.search(SearchQuery.of("batman"));
        ticker.advance(SEARCH_TTL);

        SearchLookup again = search.search(SearchQuery.of("batman"));

        assertThat(again.cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(catalog.searchCalls).hasValue(2);
    }

    @Test
    void sharesAnEntryBetweenTextsDifferingOnlyInCaseButNotBetweenPagesTypesOrYears() {
        search.search(SearchQuery.of("batman"));
        search.search(SearchQuery.of("BatMan"));
        search.search(new SearchQuery("batman", 2, Optional.empty(), OptionalInt.empty()));
        search.search(new SearchQuery("batman", 1, Optional.of(MediaType.SERIES), OptionalInt.empty()));
        search.search(new SearchQuery("batman", 1, Optional.empty(), OptionalInt.of(2005)));

        assertThat(catalog.searchCalls).hasValue(4);
    }

    @Test
    void storesNoFailure() {
        catalog.failWith(() -> new UpstreamTimeoutException("slow"));
        assertThatThrownBy(() -> search.search(SearchQuery.of("ba"))).isInstanceOf(UpstreamTimeoutException.class);
        catalog.failWith(null);

        assertThat(search.search(SearchQuery.of("ba")).cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(catalog.searchCalls).hasValue(2);
    }

    @Test
    void remembersATooBroadSearchForTheNegativeTtlThenAsksAgain() {
        catalog.failWith(QueryTooBroadException::new);
        assertThatThrownBy(() -> search.search(SearchQuery.of("ba"))).isInstanceOf(QueryTooBroadException.class);
        ticker.advanceSeconds(299);
        assertThatThrownBy(() -> search.search(SearchQuery.of("BA").withPage(2)))
                .isInstanceOf(QueryTooBroadException.class);
        assertThat(catalog.searchCalls).hasValue(1);
        catalog.failWith(null);

        ticker.advanceSeconds(1);

        assertThat(search.search(SearchQuery.of("ba")).cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(catalog.searchCalls).hasValue(2);
    }

    @Test
    void remembersATooBroadSearchWhileSearchesAreNotCached() {
        CachingMovieSearch uncached = new CachingMovieSearch(catalog, new InMemoryMovieCache(),
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(300), Duration.ZERO), CALLER,
                FetchLeases.ALWAYS_GRANTED, searches);
        catalog.failWith(QueryTooBroadException::new);

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> uncached.search(SearchQuery.of("b"))).isInstanceOf(QueryTooBroadException.class);
        }

        assertThat(catalog.searchCalls).hasValue(1);
    }

    @Test
    void answersNotStoredWhenTheCacheRefusesTheWrite() {
        CachingMovieSearch refusing = new CachingMovieSearch(catalog, new InMemoryMovieCache(),
                new CachePolicy(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, SEARCH_TTL), CALLER,
                FetchLeases.ALWAYS_GRANTED, new SearchCache() {
                    @Override
                    public Optional<CachedSearch> get(SearchKey key) {
                        return Optional.empty();
                    }

                    @Override
                    public boolean put(SearchKey key, io.cinemix.domain.SearchPage page, Duration ttl) {
                        return false;
                    }
                });

        assertThat(refusing.search(SearchQuery.of("batman")).cacheStatus()).isEqualTo(CacheStatus.NOT_STORED);
        assertThat(refusing.search(SearchQuery.of("batman")).cacheStatus()).isEqualTo(CacheStatus.NOT_STORED);
        assertThat(catalog.searchCalls).hasValue(2);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
