package io.cinemix.core;

import io.cinemix.core.fake.ClaimingSearchCache;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.fake.SharingBudget;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchLookup;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.core.upstream.BudgetedMovieCatalog;
import io.cinemix.core.upstream.CircuitBreakingMovieCatalog;
import io.cinemix.domain.ClientShareExhaustedException;
import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.cinemix.core.fake.GatedMovieCatalog.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A search cache that claims a cold search with its read ({@code SearchCache.readOrClaim}) spends the upstream call
 * in that step, and the budget in front of the upstream takes that spend instead of spending again; only a call that
 * will be made is spent, and the page is stored with the lease's release ({@code SearchCache.putReleasing}).
 */
class ClaimedColdSearchTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration NEGATIVE_TTL = Duration.ofMinutes(5);
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final SearchQuery QUERY = SearchQuery.of("batman");
    private final Requester asker = Requester.of("198.51.100.1");

    private final SharingBudget budget = new SharingBudget(1000, 100);
    private final ClaimingSearchCache cache = new ClaimingSearchCache(budget);
    private final CountingMovieCatalog omdb = new CountingMovieCatalog().with(BATMAN);
    private final FakeTicker ticker = new FakeTicker();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aColdSearchSpendsOneCallWithItsClaimChargedToTheRequesterAndStoresReleasingTheLease() {
        Requester client = Requester.of("198.51.100.7");

        SearchLookup answer = service(chain(omdb), cache).search(QUERY, client);

        assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.STORED);
        assertThat(omdb.searchCalls).hasValue(1);
        assertThat(cache.fetches.claims).hasValue(1);
        assertThat(budget.remaining()).isEqualTo(999);
        assertThat(budget.chargedTo(client.key())).isEqualTo(1);
        assertThat(client.share()).get().extracting(ClientShare::left).isEqualTo(99L);
        assertThat(cache.fetches.storesReleasing).hasValue(1);
        assertThat(cache.fetches.leaseHeld).isFalse();
        assertThat(cache.pages.pages).containsKey(SearchKey.of(QUERY));
    }

    @Test
    void aCachedPageSpendsNothing() {
        cache.put(SearchKey.of(QUERY), new CountingMovieCatalog().with(BATMAN).search(QUERY), HOUR);

        SearchLookup answer = service(chain(omdb), cache).search(QUERY, asker);

        assertThat(answer.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(cache.fetches.claims).hasValue(0);
        assertThat(budget.remaining()).isEqualTo(1000);
        assertThat(omdb.searchCalls).hasValue(0);
    }

    @Test
    void aLeaseHeldByAnotherInstanceSpendsNothingAndItsHoldersStoreAnswers() throws Exception {
        CompletableFuture<Void> released = new CompletableFuture<>();
        cache.fetches.heldElsewhere(released);
        CachingMovieSearch search = service(chain(omdb), cache);
        Future<SearchLookup> answer = pool.submit(() -> search.search(QUERY, asker));
        awaitUntil(() -> cache.pages.reads.get() >= 1, "the search to read and find the lease held");

        SearchPage page = new CountingMovieCatalog().with(BATMAN).search(QUERY);
        cache.pages.put(SearchKey.of(QUERY), page, HOUR); // the holder stores, then releases
        released.complete(null);

        assertThat(answer.get(10, TimeUnit.SECONDS).cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(budget.remaining()).isEqualTo(1000);
        assertThat(omdb.searchCalls).hasValue(0);
        assertThat(asker.share()).isEmpty();
    }

    @Test
    void anOpenCircuitClaimsNothingAndSpendsNothing() {
        omdb.failWith(() -> new UpstreamTimeoutException("too slow"));
        CachingMovieSearch search = service(chain(omdb), cache);
        for (int i = 0; i < CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD; i++) {
            SearchQuery other = SearchQuery.of("other " + i);
            assertThatThrownBy(() -> search.search(other, asker)).isInstanceOf(UpstreamTimeoutException.class);
        }
        int claims = cache.fetches.claims.get();

        assertThatThrownBy(() -> search.search(QUERY, asker)).isInstanceOf(UpstreamCircuitOpenException.class);

        assertThat(claims).as("the searches made before it opened").isEqualTo(5);
        assertThat(cache.fetches.claims).hasValue(claims);
        assertThat(budget.remaining()).isEqualTo(995);
        assertThat(cache.fetches.leaseHeld).isFalse();
    }

    @Test
    void aSpentBudgetLeavesNoLeaseHeldAndCallsNobody() {
        budget.exhaust();

        assertThatThrownBy(() -> service(chain(omdb), cache).search(QUERY, asker))
                .isInstanceOf(UpstreamQuotaExhaustedException.class);

        assertThat(cache.fetches.claims).hasValue(1);
        assertThat(cache.fetches.leaseHeld).isFalse();
        assertThat(omdb.searchCalls).hasValue(0);
        assertThat(cache.pages.pages).isEmpty();
    }

    @Test
    void aSpentShareIsRefusedWithTheShareToldAndNoLeaseHeld() {
        SharingBudget oneEach = new SharingBudget(1000, 1);
        ClaimingSearchCache claiming = new ClaimingSearchCache(oneEach);
        CachingMovieSearch search = service(chain(omdb, oneEach), claiming);
        Requester first = Requester.of("198.51.100.9");
        Requester again = Requester.of("198.51.100.9");
        search.search(SearchQuery.of("batman begins"), first);

        assertThatThrownBy(() -> search.search(QUERY, again)).isInstanceOf(ClientShareExhaustedException.class);

        assertThat(again.share()).get().extracting(ClientShare::left).isEqualTo(0L);
        assertThat(claiming.fetches.leaseHeld).isFalse();
        assertThat(oneEach.remaining()).isEqualTo(999);
        assertThat(omdb.searchCalls).as("the first search's call alone").hasValue(1);
    }

    @Test
    void aSearchRememberedTooBroadIsAnsweredFromTheReadWithoutAClaim() {
        cache.rememberTooBroad(SearchTerms.of(SearchKey.of(QUERY)), NEGATIVE_TTL);

        assertThatThrownBy(() -> service(chain(omdb), cache).search(QUERY, asker))
                .isInstanceOf(QueryTooBroadException.class);

        assertThat(cache.fetches.claims).hasValue(0);
        assertThat(cache.pages.trips()).as("the one read").isEqualTo(1);
        assertThat(budget.remaining()).isEqualTo(1000);
        assertThat(omdb.searchCalls).hasValue(0);
    }

    @Test
    void aTooBroadAnswerUnderAClaimedLeaseIsRememberedBeforeTheLeaseIsReleased() {
        AtomicBoolean rememberedAtRelease = new AtomicBoolean();
        SearchTerms terms = SearchTerms.of(SearchKey.of(QUERY));
        cache.fetches.atRelease(() -> rememberedAtRelease.set(cache.pages.tooBroad.containsKey(terms)));
        omdb.failWith(QueryTooBroadException::new);

        assertThatThrownBy(() -> service(chain(omdb), cache).search(QUERY, asker))
                .isInstanceOf(QueryTooBroadException.class);

        assertThat(rememberedAtRelease).isTrue();
        assertThat(cache.fetches.leaseHeld).isFalse();
        assertThat(cache.fetches.storesReleasing).as("nothing stored").hasValue(0);
        assertThat(budget.remaining()).isEqualTo(999);
    }

    private CachingMovieSearch service(MovieCatalog catalog, ClaimingSearchCache searches) {
        return new CachingMovieSearch(catalog, new InMemoryMovieCache(),
                new CachePolicy(HOUR, Duration.ZERO, NEGATIVE_TTL, HOUR), Runnable::run, FetchLeases.ALWAYS_GRANTED,
                searches);
    }

    private MovieCatalog chain(MovieCatalog upstream) {
        return chain(upstream, budget);
    }

    private MovieCatalog chain(MovieCatalog upstream, SharingBudget spending) {
        return new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(upstream, spending), ticker,
                CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD, CircuitBreakingMovieCatalog.DEFAULT_COOL_DOWN);
    }
}
