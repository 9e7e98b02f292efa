package io.cinemix.core;

import io.cinemix.core.fake.ClaimingMovieCache;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.GatedMovieCatalog;
import io.cinemix.core.fake.QueuedExecutor;
import io.cinemix.core.fake.SharingBudget;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.DetailsAnswer;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.port.Requester;
import io.cinemix.core.upstream.BudgetedMovieCatalog;
import io.cinemix.core.upstream.CircuitBreakingMovieCatalog;
import io.cinemix.core.upstream.RefundingMovieCatalog;
import io.cinemix.domain.ClientShareExhaustedException;
import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cinemix.core.fake.GatedMovieCatalog.awaitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cache that claims a cold fetch with its read ({@code MovieCache.readOrClaim}) spends the upstream call in that
 * step, and the budget in front of the upstream takes that spend instead of spending again; only a call that will be
 * made is spent.
 */
class ClaimedColdLookupTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private final Requester asker = Requester.of("198.51.100.1");

    private final SharingBudget budget = new SharingBudget(1000, 100);
    private final ClaimingMovieCache cache = new ClaimingMovieCache(budget);
    private final CountingMovieCatalog omdb = new CountingMovieCatalog().with(BATMAN);
    private final FakeTicker ticker = new FakeTicker();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aColdMissSpendsOneCallWithItsClaimChargedToTheRequesterAndStoresReleasingTheLease() throws Exception {
        Requester client = Requester.of("198.51.100.7");

        DetailsAnswer answer = search(chain(omdb)).lookUpAsync(ID, Plot.SHORT, client).get();

        assertThat(answer.movie()).get().extracting(MovieLookup::cacheStatus).isEqualTo(CacheStatus.STORED);
        assertThat(omdb.findCalls).hasValue(1);
        assertThat(cache.claims).hasValue(1);
        assertThat(budget.remaining()).isEqualTo(999);
        assertThat(budget.chargedTo(client.key())).isEqualTo(1);
        assertThat(client.share()).get().extracting(ClientShare::left).isEqualTo(99L);
        assertThat(cache.storesReleasing).hasValue(1);
        assertThat(cache.leaseHeld).isFalse();
    }

    @Test
    void aHitSpendsNothing() throws Exception {
        cache.put(BATMAN, Plot.SHORT, HOUR);

        DetailsAnswer answer = search(chain(omdb)).lookUpAsync(ID, Plot.SHORT, asker).get();

        assertThat(answer.movie()).get().extracting(MovieLookup::cacheStatus).isEqualTo(CacheStatus.HIT);
        assertThat(cache.claims).hasValue(0);
        assertThat(budget.remaining()).isEqualTo(1000);
        assertThat(omdb.findCalls).hasValue(0);
    }

    @Test
    void aLeaseHeldByAnotherInstanceSpendsNothingAndItsHoldersStoreAnswers() throws Exception {
        CompletableFuture<Void> released = new CompletableFuture<>();
        cache.heldElsewhere(released);
        CompletableFuture<DetailsAnswer> answer = search(chain(omdb)).lookUpAsync(ID, Plot.SHORT, asker);
        assertThat(answer).isNotDone();

        cache.entries.put(BATMAN, Plot.SHORT, HOUR); // the holder stores, then releases
        released.complete(null);

        assertThat(answer.get(10, TimeUnit.SECONDS).movie()).get().extracting(MovieLookup::cacheStatus)
                .isEqualTo(CacheStatus.HIT);
        assertThat(budget.remaining()).isEqualTo(1000);
        assertThat(omdb.findCalls).hasValue(0);
        assertThat(asker.share()).isEmpty();
    }

    @Test
    void lookupsThatJoinOneUnderWaySpendNothing() throws Exception {
        GatedMovieCatalog gated = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        CachingMovieSearch search = new CachingMovieSearch(chain(gated), cache, CachePolicy.of(HOUR), pool);
        Requester first = Requester.of("198.51.100.1");
        Requester joining = Requester.of("198.51.100.2");
        CompletableFuture<DetailsAnswer> made = search.lookUpAsync(ID, Plot.SHORT, first);
        gated.awaitEntered();

        CompletableFuture<DetailsAnswer> joined = search.lookUpAsync(ID, Plot.SHORT, joining);
        awaitUntil(() -> search.stats().coalescedWaits() == 1, "the second lookup joins the first");
        gated.open();

        assertThat(made.get(10, TimeUnit.SECONDS).movie()).isPresent();
        assertThat(joined.get(10, TimeUnit.SECONDS).movie()).isPresent();
        assertThat(cache.claims).hasValue(1);
        assertThat(budget.remaining()).isEqualTo(999);
        assertThat(budget.chargedTo(first.key())).isEqualTo(1);
        assertThat(joining.share()).isEmpty();
    }

    @Test
    void anOpenCircuitClaimsNothingAndSpendsNothing() {
        omdb.failWith(() -> new UpstreamTimeoutException("too slow"));
        CachingMovieSearch search = search(chain(omdb));
        for (int i = 0; i < CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD; i++) {
            ImdbId id = ImdbId.of("tt000000" + i);
            assertThatThrownBy(() -> search.lookUpAsync(id, Plot.SHORT, asker).join())
                    .hasCauseInstanceOf(UpstreamTimeoutException.class);
        }
        long spent = 1000 - budget.remaining();
        int claims = cache.claims.get();

        assertThatThrownBy(() -> search.lookUpAsync(ID, Plot.SHORT, asker).join())
                .hasCauseInstanceOf(UpstreamCircuitOpenException.class);

        assertThat(spent).as("the calls made before it opened").isEqualTo(5);
        assertThat(budget.remaining()).isEqualTo(995);
        assertThat(cache.claims).hasValue(claims);
        assertThat(cache.leaseHeld).isFalse();
    }

    @Test
    void aHalfOpenCircuitSpendsOnlyForItsProbeBehindTheBreaker() {
        CachingMovieSearch search = search(chain(omdb));
        halfOpenTheCircuit(search);
        int claims = cache.claims.get();

        assertThat(search.lookUpAsync(ID, Plot.SHORT, asker).join().movie()).isPresent();

        assertThat(cache.claims).as("the probe is spent step by step").hasValue(claims);
        assertThat(budget.remaining()).isEqualTo(994);
    }

    @Test
    void aClaimedCallRefusedBecauseTheCircuitOpenedAfterTheClaimGivesBackTheCallAndTheShare() {
        Requester client = Requester.of("198.51.100.4");
        MovieCatalog catalog = chain(omdb);
        CachingMovieSearch search = search(catalog);
        AtomicBoolean othersFailed = new AtomicBoolean();
        cache.afterClaim(() -> { // between the claim and the call, other requests' calls time out
            if (othersFailed.compareAndSet(false, true)) {
                omdb.failWith(() -> new UpstreamTimeoutException("too slow"));
                for (int i = 0; i < CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD; i++) {
                    ImdbId other = ImdbId.of("tt000000" + i);
                    assertThatThrownBy(() -> catalog.findById(other, Plot.SHORT))
                            .isInstanceOf(UpstreamTimeoutException.class);
                }
                omdb.failWith(null);
            }
        });

        assertThatThrownBy(() -> search.lookUpAsync(ID, Plot.SHORT, client).join())
                .hasCauseInstanceOf(UpstreamCircuitOpenException.class);

        assertThat(omdb.findCalls).as("the others' calls alone").hasValue(CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD);
        assertThat(budget.remaining()).as("the others' calls alone spent").isEqualTo(995);
        assertThat(budget.chargedTo(client.key())).isZero();
        assertThat(client.share()).as("nothing charged to tell").isEmpty();
        assertThat(cache.leaseHeld).isFalse();
    }

    @Test
    void aLookupThatTakesTheLeaseStepByStepHandsItToTheStoreWhichReleasesItOnce() {
        AtomicInteger releases = new AtomicInteger();
        FetchLeases.Lease granted = FetchLeases.Lease.grantedOnMiss(releases::incrementAndGet);
        CachingMovieSearch search = new CachingMovieSearch(chain(omdb), cache, CachePolicy.of(HOUR), Runnable::run,
                key -> granted);
        halfOpenTheCircuit(search);
        int claims = cache.claims.get();

        assertThat(search.lookUpAsync(ID, Plot.SHORT, asker).join().movie()).isPresent();

        assertThat(cache.claims).as("the half-open circuit's probe: step by step").hasValue(claims);
        assertThat(cache.releasedByStore).hasValue(granted);
        assertThat(releases).hasValue(1);
    }

    @Test
    void aSpentBudgetLeavesNoLeaseHeldAndCallsNobody() {
        budget.exhaust();

        assertThatThrownBy(() -> search(chain(omdb)).lookUpAsync(ID, Plot.SHORT, asker).join())
                .hasCauseInstanceOf(UpstreamQuotaExhaustedException.class);

        assertThat(cache.claims).hasValue(1);
        assertThat(cache.leaseHeld).isFalse();
        assertThat(omdb.findCalls).hasValue(0);
        assertThat(cache.entries.puts).hasValue(0);
    }

    @Test
    void aSpentShareIsRefusedWithTheShareToldAndNoLeaseHeld() throws Exception {
        SharingBudget oneEach = new SharingBudget(1000, 1);
        ClaimingMovieCache claiming = new ClaimingMovieCache(oneEach);
        CachingMovieSearch search = new CachingMovieSearch(chain(omdb, oneEach), claiming, CachePolicy.of(HOUR));
        Requester first = Requester.of("198.51.100.9");
        Requester again = Requester.of("198.51.100.9");
        search.lookUpAsync(ImdbId.of("tt0000001"), Plot.SHORT, first).get();

        assertThatThrownBy(() -> search.lookUpAsync(ID, Plot.SHORT, again).join())
                .hasCauseInstanceOf(ClientShareExhaustedException.class);

        assertThat(again.share()).get().extracting(ClientShare::left).isEqualTo(0L);
        assertThat(claiming.leaseHeld).isFalse();
        assertThat(oneEach.remaining()).isEqualTo(999);
        assertThat(omdb.findCalls).as("the first lookup's call alone").hasValue(1);
    }

    @Test
    void theBackgroundRefreshOfAStaleEntrySpendsTheBudgetAndNobodysShare() throws Exception {
        QueuedExecutor background = new QueuedExecutor();
        CachePolicy policy = new CachePolicy(HOUR, Duration.ZERO, CachePolicy.DEFAULT_NEGATIVE_TTL, Duration.ZERO,
                Duration.ofMinutes(10));
        cache.entries.entries.put(new DetailsKey(ID, Plot.SHORT), new CachedMovie(BATMAN, Duration.ofMinutes(5)));
        CachingMovieSearch search = new CachingMovieSearch(chain(omdb), cache, policy, background);
        Requester client = Requester.of("198.51.100.3");

        CompletableFuture<DetailsAnswer> answer = search.lookUpAsync(ID, Plot.SHORT, client);
        background.runAll();

        assertThat(answer.get(10, TimeUnit.SECONDS).movie()).get().extracting(MovieLookup::cacheStatus)
                .isEqualTo(CacheStatus.REVALIDATING);
        assertThat(omdb.findCalls).hasValue(1);
        assertThat(budget.remaining()).isEqualTo(999);
        assertThat(client.share()).isEmpty();
        assertThat(cache.claims).hasValue(0);
    }

    private CachingMovieSearch search(MovieCatalog catalog) {
        return new CachingMovieSearch(catalog, cache, CachePolicy.of(HOUR));
    }

    private MovieCatalog chain(MovieCatalog upstream) {
        return chain(upstream, budget);
    }

    private MovieCatalog chain(MovieCatalog upstream, SharingBudget spending) {
        return new RefundingMovieCatalog(new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(upstream, spending),
                ticker, CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD,
                CircuitBreakingMovieCatalog.DEFAULT_COOL_DOWN), spending);
    }

    /** The upstream fails until the circuit opens, then its cool-down passes: the next call is the probe. */
    private void halfOpenTheCircuit(CachingMovieSearch search) {
        omdb.failWith(() -> new UpstreamTimeoutException("too slow"));
        for (int i = 0; i < CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD; i++) {
            ImdbId id = ImdbId.of("tt000000" + i);
            assertThatThrownBy(() -> search.lookUpAsync(id, Plot.SHORT, asker).join())
                    .hasCauseInstanceOf(UpstreamTimeoutException.class);
        }
        ticker.advance(CircuitBreakingMovieCatalog.DEFAULT_COOL_DOWN);
        omdb.failWith(null);
    }
}
