package io.cinemix.adapter.memory;

import io.cinemix.core.CachePolicy;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.Lookups;
import io.cinemix.core.fake.MutableClock;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.upstream.BudgetedMovieCatalog;
import io.cinemix.core.upstream.CircuitBreaker;
import io.cinemix.core.upstream.CircuitBreakingMovieCatalog;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CACHE_TTL = 60 s, CACHE_GRACE = 30 s: entries live 90 s, fresh while more than 30 s are left. */
class GraceTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final MovieDetails BATMAN_UPDATED = CountingMovieCatalog.movie("tt0372784", "Batman Begins (2005)");
    private static final CachePolicy POLICY = new CachePolicy(Duration.ofSeconds(60), Duration.ofSeconds(30),
            CachePolicy.DEFAULT_NEGATIVE_TTL);

    private final FakeTicker ticker = new FakeTicker(42);
    private final InProcessMovieCache cache = new InProcessMovieCache(ticker, 100);
    private final CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);

    private CachingMovieSearch storedAtStart(MovieCatalog upstream) {
        CachingMovieSearch search = new CachingMovieSearch(upstream, cache, POLICY);
        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STORED));
        catalog.with(BATMAN_UPDATED);
        return search;
    }

    @Test
    void storesEntriesForTtlPlusGrace() {
        storedAtStart(catalog);

        assertThat(cache.get(ID, Plot.SHORT)).get().extracting(CachedMovie::timeToLive)
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void servesAnEntryAsFreshWhileMoreThanTheGraceIsLeft() {
        CachingMovieSearch search = storedAtStart(catalog);
        ticker.advance(Duration.ofSeconds(60).minusNanos(1));

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        assertThat(catalog.findCalls).hasValue(1);
    }

    @Test
    void refreshesAStaleEntryWhenTheUpstreamAnswers() {
        CachingMovieSearch search = storedAtStart(catalog);
        ticker.advance(Duration.ofSeconds(60));

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN_UPDATED, CacheStatus.STORED));
        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN_UPDATED, CacheStatus.HIT));
        assertThat(cache.get(ID, Plot.SHORT)).get().extracting(CachedMovie::timeToLive)
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(search.stats().staleServed()).isZero();
    }

    @Test
    void servesAStaleEntryWhenTheUpstreamIsUnavailable() {
        assertServedStaleWhenUpstreamThrows(() -> new UpstreamUnavailableException("The movie catalog is down."));
    }

    @Test
    void servesAStaleEntryWhenTheUpstreamTimesOut() {
        assertServedStaleWhenUpstreamThrows(() -> new UpstreamTimeoutException("The movie catalog did not answer."));
    }

    @Test
    void servesAStaleEntryWhenTheUpstreamSaysItsLimitIsReached() {
        assertServedStaleWhenUpstreamThrows(() -> new UpstreamQuotaExhaustedException("Request limit reached!"));
    }

    @Test
    void servesAStaleEntryWhenTheUpstreamRefusesOurKey() {
        assertServedStaleWhenUpstreamThrows(() -> new UpstreamMisconfiguredException("Invalid API key!"));
    }

    @Test
    void servesAStaleEntryWithoutCallingWhenTheBudgetIsSpent() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(MutableClock.at("2026-11-27T18:00:00Z"), 1);
        CachingMovieSearch search = storedAtStart(new BudgetedMovieCatalog(catalog, budget));
        ticker.advance(Duration.ofSeconds(75));

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STALE));
        assertThat(catalog.findCalls).hasValue(1);
        assertThat(search.stats().quotaRefusals()).isEqualTo(1);
    }

    @Test
    void servesAStaleEntryWithoutCallingWhenTheCircuitIsOpen() {
        CircuitBreakingMovieCatalog breaker = new CircuitBreakingMovieCatalog(catalog, ticker, 1, Duration.ofMinutes(5));
        CachingMovieSearch search = storedAtStart(breaker);
        catalog.failWith(() -> new UpstreamUnavailableException("down"));
        assertThatThrownBy(() -> breaker.findById(ImdbId.of("tt0000001"), Plot.SHORT))
                .isInstanceOf(UpstreamUnavailableException.class);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        ticker.advance(Duration.ofSeconds(75));

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STALE));
        assertThat(catalog.findCalls).hasValue(2);
    }

    @Test
    void doesNotServeAStaleEntryOfAnIdTheUpstreamNoLongerKnows() {
        storedAtStart(catalog);
        ticker.advance(Duration.ofSeconds(60));
        CachingMovieSearch afterDeletion = new CachingMovieSearch(new CountingMovieCatalog(), cache, POLICY);

        assertThat(afterDeletion.findById(ID, Plot.SHORT)).isEmpty();
        assertThat(afterDeletion.findById(ID, Plot.SHORT)).isEmpty();
        assertThat(cache.isKnownMissing(ID)).isTrue();
    }

    @Test
    void forgetsAnEntryOnceTtlPlusGraceHavePassed() {
        CachingMovieSearch search = storedAtStart(catalog);
        ticker.advance(Duration.ofSeconds(90));
        catalog.failWith(() -> new UpstreamUnavailableException("down"));

        assertThatThrownBy(() -> search.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void servesTheLastStaleMomentStaleAndNotAfter() {
        CachingMovieSearch search = storedAtStart(catalog);
        catalog.failWith(() -> new UpstreamUnavailableException("down"));
        ticker.advance(Duration.ofSeconds(90).minusNanos(1));

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STALE));
        ticker.advance(Duration.ofNanos(1));
        assertThatThrownBy(() -> search.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamUnavailableException.class);
    }

    @Test
    void withoutGraceEveryCachedEntryIsFreshAndStoredForTheTtlAlone() {
        CachingMovieSearch search = new CachingMovieSearch(catalog, cache, Duration.ofSeconds(60));
        search.findById(ID, Plot.SHORT);
        catalog.failWith(() -> new UpstreamUnavailableException("down"));

        ticker.advance(Duration.ofSeconds(59));
        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        ticker.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> search.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamUnavailableException.class);
    }

    private void assertServedStaleWhenUpstreamThrows(Supplier<RuntimeException> failure) {
        CachingMovieSearch search = storedAtStart(catalog);
        ticker.advance(Duration.ofSeconds(75));
        catalog.failWith(failure);

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.STALE));
        assertThat(catalog.findCalls).hasValue(2);
        assertThat(search.stats().staleServed()).isEqualTo(1);
    }
}
