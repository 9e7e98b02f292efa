package io.cinemix.core.upstream;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.SharingBudget;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Only a call paid ahead, allowed, and refused by the circuit without reaching the upstream is given back. */
class RefundingMovieCatalogTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);

    private final FakeTicker ticker = new FakeTicker(1_000);
    private final SharingBudget budget = new SharingBudget(100, 10);
    private final CountingMovieCatalog upstream = new CountingMovieCatalog().with(BATMAN);
    private final RefundingMovieCatalog catalog = new RefundingMovieCatalog(
            new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(upstream, budget), ticker, 1, COOL_DOWN), budget);
    private final Requester client = Requester.of("198.51.100.5");

    @Test
    void aCallPaidAheadThatTheOpenCircuitRefusesIsGivenBackToTheDayAndTheShare() {
        open();
        Spend paid = budget.spend(client);

        assertThatThrownBy(() -> catalog.findById(ID, Plot.SHORT, client.prepaid(paid)))
                .isInstanceOf(UpstreamCircuitOpenException.class);

        assertThat(budget.remaining()).as("the call that opened the circuit alone").isEqualTo(99);
        assertThat(budget.chargedTo(client.key())).isZero();
        assertThat(catalog.refunds()).isEqualTo(1);
    }

    @Test
    void aCallPaidAheadThatReachedTheUpstreamStaysSpentWhateverItsOutcome() {
        Spend paid = budget.spend(client);
        upstream.failWith(() -> new UpstreamTimeoutException("slow"));

        assertThatThrownBy(() -> catalog.findById(ID, Plot.SHORT, client.prepaid(paid)))
                .isInstanceOf(UpstreamTimeoutException.class);

        assertThat(budget.remaining()).isEqualTo(99);
        assertThat(budget.chargedTo(client.key())).isEqualTo(1);
        assertThat(catalog.refunds()).isZero();
    }

    @Test
    void aCallNotPaidAheadThatTheOpenCircuitRefusesHadSpentNothingAndGetsNothingBack() {
        open();

        assertThatThrownBy(() -> catalog.findById(ID, Plot.SHORT, client))
                .isInstanceOf(UpstreamCircuitOpenException.class);

        assertThat(budget.remaining()).isEqualTo(99);
        assertThat(catalog.refunds()).isZero();
    }

    @Test
    void aCallWhoseSpendWasRefusedAheadGetsNothingBackWhenTheCircuitRefusesIt() {
        open();

        assertThatThrownBy(() -> catalog.findById(ID, Plot.SHORT, client.prepaid(Spend.BUDGET_SPENT)))
                .isInstanceOf(UpstreamCircuitOpenException.class);

        assertThat(budget.remaining()).isEqualTo(99);
        assertThat(catalog.refunds()).isZero();
    }

    /** One upstream failure (spent by nobody) opens the circuit. */
    private void open() {
        upstream.failWith(() -> new UpstreamTimeoutException("slow"));
        assertThatThrownBy(() -> catalog.findById(ImdbId.of("tt0000001"), Plot.SHORT))
                .isInstanceOf(UpstreamTimeoutException.class);
        upstream.failWith(null);
    }
}
