package io.cinemix.adapter.memory;

import io.cinemix.core.upstream.BudgetedMovieCatalog;

import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.fake.Lookups;
import io.cinemix.core.fake.MutableClock;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.port.Requester;

import io.cinemix.domain.ClientShareExhaustedException;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BudgetedMovieCatalogTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");

    private final MutableClock clock = MutableClock.at("2026-11-27T22:30:00Z");
    private final CountingMovieCatalog upstream = new CountingMovieCatalog().with(BATMAN);

    @Test
    void everySearchAndDetailsCallSpendsOneUnit() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 10);
        BudgetedMovieCatalog catalog = new BudgetedMovieCatalog(upstream, budget);

        catalog.search(SearchQuery.of("batman"));
        catalog.findById(ID, Plot.SHORT);
        catalog.findById(ImdbId.of("tt9999999"), Plot.SHORT);

        assertThat(budget.remaining()).isEqualTo(7);
        assertThat(catalog.upstreamCalls()).isEqualTo(3);
    }

    @Test
    void chargesTheRequesterAndTellsThemWhatIsLeftOfTheirShare() {
        BudgetedMovieCatalog catalog = new BudgetedMovieCatalog(upstream, new DailyUpstreamBudget(clock, 10, 2));
        Requester client = Requester.of("198.51.100.7");

        catalog.findById(ID, Plot.SHORT, client);

        assertThat(client.share()).contains(new ClientShare(2, 1, Duration.ofMinutes(90)));
        assertThat(Requester.NOBODY.share()).isEmpty();
    }

    @Test
    void refusesARequesterPastTheirShareWithoutCallingTheUpstream() {
        BudgetedMovieCatalog catalog = new BudgetedMovieCatalog(upstream, new DailyUpstreamBudget(clock, 10, 1));
        Requester client = Requester.of("198.51.100.7");
        catalog.search(SearchQuery.of("batman"), client);

        ClientShareExhaustedException refused = catchThrowableOfType(ClientShareExhaustedException.class,
                () -> catalog.findById(ID, Plot.SHORT, client));

        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(90));
        assertThat(client.share()).map(ClientShare::left).contains(0L);
        assertThat(upstream.calls()).isEqualTo(1);
        assertThat(catalog.shareRefusals()).isEqualTo(1);
        assertThat(catalog.findById(ID, Plot.SHORT, Requester.of("198.51.100.8"))).as("another client").isPresent();
    }

    @Test
    void makesNoCallOnceTheBudgetIsSpentAndSaysWhenItResets() {
        BudgetedMovieCatalog catalog = new BudgetedMovieCatalog(upstream, new DailyUpstreamBudget(clock, 1));
        catalog.findById(ID, Plot.SHORT);

        UpstreamQuotaExhaustedException refused = catchThrowableOfType(UpstreamQuotaExhaustedException.class,
                () -> catalog.findById(ID, Plot.SHORT));
        assertThatThrownBy(() -> catalog.search(SearchQuery.of("batman")))
                .isInstanceOf(UpstreamQuotaExhaustedException.class);

        assertThat(refused.retryAfter()).contains(Duration.ofMinutes(90));
        assertThat(upstream.calls()).isEqualTo(1);
        assertThat(catalog.refusals()).isEqualTo(2);
    }

    @Test
    void callsAgainAfterTheUtcMidnightReset() {
        BudgetedMovieCatalog catalog = new BudgetedMovieCatalog(upstream, new DailyUpstreamBudget(clock, 1));
        catalog.findById(ID, Plot.SHORT);
        assertThatThrownBy(() -> catalog.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamQuotaExhaustedException.class);

        clock.advance(Duration.ofMinutes(90));

        assertThat(catalog.findById(ID, Plot.SHORT)).contains(BATMAN);
        assertThat(upstream.findCalls).hasValue(2);
    }

    @Test
    void exhaustsTheBudgetWhenTheUpstreamSaysItsLimitIsReached() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 1000);
        BudgetedMovieCatalog catalog = new BudgetedMovieCatalog(upstream, budget);
        upstream.failWith(() -> new UpstreamQuotaExhaustedException("Request limit reached!"));

        UpstreamQuotaExhaustedException limit = catchThrowableOfType(UpstreamQuotaExhaustedException.class,
                () -> catalog.findById(ID, Plot.SHORT));
        upstream.failWith(null);

        assertThat(limit.retryAfter()).contains(Duration.ofMinutes(90));
        assertThat(budget.remaining()).isZero();
        assertThatThrownBy(() -> catalog.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamQuotaExhaustedException.class);
        assertThat(upstream.findCalls).hasValue(1);
    }

    @Test
    void aSpentBudgetStillLetsTheServiceAnswerFromTheCache() {
        InMemoryMovieCache cache = new InMemoryMovieCache();
        CachingMovieSearch search = new CachingMovieSearch(
                new BudgetedMovieCatalog(upstream, new DailyUpstreamBudget(clock, 1)), cache, Duration.ofHours(1));
        search.findById(ID, Plot.SHORT);

        assertThat(search.findById(ID, Plot.SHORT)).map(Lookups::ignoringFreshness)
                .contains(new MovieLookup(BATMAN, CacheStatus.HIT));
        UpstreamQuotaExhaustedException miss = catchThrowableOfType(UpstreamQuotaExhaustedException.class,
                () -> search.findById(ImdbId.of("tt0468569"), Plot.SHORT));
        assertThat(miss.retryAfter()).contains(Duration.ofMinutes(90));
        assertThat(search.stats().quotaRefusals()).isEqualTo(1);
        assertThat(upstream.findCalls).hasValue(1);
    }
}
