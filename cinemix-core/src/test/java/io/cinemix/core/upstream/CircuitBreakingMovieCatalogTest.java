package io.cinemix.core.upstream;

import io.cinemix.core.fake.CountdownBudget;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.GatedMovieCatalog;
import io.cinemix.core.fake.MutableClock;
import io.cinemix.core.port.MovieCatalog;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamUnavailableException;
import io.cinemix.core.upstream.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitBreakingMovieCatalogTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final Duration COOL_DOWN = Duration.ofSeconds(30);

    private final FakeTicker ticker = new FakeTicker(1_000);
    private final CountingMovieCatalog upstream = new CountingMovieCatalog().with(BATMAN);
    private final CircuitBreakingMovieCatalog breaker = new CircuitBreakingMovieCatalog(upstream, ticker, 3, COOL_DOWN);

    @Test
    void staysClosedBelowTheFailureThreshold() {
        upstream.failWith(() -> new UpstreamUnavailableException("down"));
        failTimes(2);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveFailuresAndTimeouts() {
        upstream.failWith(() -> new UpstreamUnavailableException("down"));
        failTimes(2);
        upstream.failWith(() -> new UpstreamTimeoutException("slow"));
        failTimes(1);

        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void aSuccessResetsTheCountOfConsecutiveFailures() {
        upstream.failWith(() -> new UpstreamUnavailableException("down"));
        failTimes(2);
        upstream.failWith(null);
        breaker.findById(ID, Plot.SHORT);
        upstream.failWith(() -> new UpstreamUnavailableException("down"));
        failTimes(2);

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void refusesWithoutCallingTheUpstreamWhileOpen() {
        open();
        upstream.failWith(null);

        assertThatThrownBy(() -> breaker.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamCircuitOpenException.class)
                .satisfies(e -> assertThat(((UpstreamCircuitOpenException) e).retryAfter()).isEqualTo(COOL_DOWN));
        assertThatThrownBy(() -> breaker.search(SearchQuery.of("batman")))
                .isInstanceOf(UpstreamCircuitOpenException.class);
        ticker.advance(COOL_DOWN.minusSeconds(1));
        assertThatThrownBy(() -> breaker.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamCircuitOpenException.class)
                .satisfies(e -> assertThat(((UpstreamCircuitOpenException) e).retryAfter()).isEqualTo(Duration.ofSeconds(1)));

        assertThat(upstream.calls()).isEqualTo(3);
        assertThat(breaker.rejections()).isEqualTo(3);
    }

    @Test
    void isHalfOpenOnceTheCoolDownIsOver() {
        open();
        ticker.advance(COOL_DOWN);

        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void aSuccessfulProbeClosesTheCircuit() {
        open();
        ticker.advance(COOL_DOWN);
        upstream.failWith(null);

        assertThat(breaker.findById(ID, Plot.SHORT)).contains(BATMAN);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.findById(ID, Plot.SHORT)).contains(BATMAN);
        assertThat(upstream.findCalls).hasValue(5);
    }

    @Test
    void aFailedProbeOpensTheCircuitForAnotherCoolDown() {
        open();
        ticker.advance(COOL_DOWN);

        assertThatThrownBy(() -> breaker.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamUnavailableException.class);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(upstream.findCalls).hasValue(4);
        ticker.advance(COOL_DOWN.minusNanos(1));
        assertThatThrownBy(() -> breaker.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamCircuitOpenException.class);
        assertThat(upstream.findCalls).hasValue(4);
        ticker.advance(Duration.ofNanos(1));
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void letsExactlyOneProbeThroughWhileHalfOpen() throws Exception {
        GatedMovieCatalog slow = new GatedMovieCatalog(() -> Optional.of(BATMAN));
        FlakyThenSlow catalog = new FlakyThenSlow(slow);
        CircuitBreakingMovieCatalog halfOpen = new CircuitBreakingMovieCatalog(catalog, ticker, 1, COOL_DOWN);
        assertThatThrownBy(() -> halfOpen.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamUnavailableException.class);
        ticker.advance(COOL_DOWN);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<MovieDetails>> probe = pool.submit(() -> halfOpen.findById(ID, Plot.SHORT));
            slow.awaitEntered();

            assertThatThrownBy(() -> halfOpen.findById(ID, Plot.SHORT))
                    .isInstanceOf(UpstreamCircuitOpenException.class);
            assertThat(slow.findCalls).hasValue(1);

            slow.open();
            assertThat(probe.get()).contains(BATMAN);
            assertThat(halfOpen.state()).isEqualTo(State.CLOSED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void notFoundTooBroadAndMisconfiguredAreNotFailures() {
        upstream.failWith(() -> new UpstreamUnavailableException("down"));
        failTimes(2);
        upstream.failWith(null);
        breaker.findById(ImdbId.of("tt9999999"), Plot.SHORT);
        upstream.failWith(QueryTooBroadException::new);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> breaker.search(SearchQuery.of("a"))).isInstanceOf(QueryTooBroadException.class);
        }
        upstream.failWith(() -> new UpstreamMisconfiguredException("Invalid API key!"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> breaker.findById(ID, Plot.SHORT))
                    .isInstanceOf(UpstreamMisconfiguredException.class);
        }

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void quotaRefusalsNeitherOpenNorCloseTheCircuit() {
        upstream.failWith(() -> new UpstreamQuotaExhaustedException("Request limit reached!"));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.findById(ID, Plot.SHORT))
                    .isInstanceOf(UpstreamQuotaExhaustedException.class);
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        open();
        ticker.advance(COOL_DOWN);
        upstream.failWith(() -> new UpstreamQuotaExhaustedException("Request limit reached!"));
        assertThatThrownBy(() -> breaker.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamQuotaExhaustedException.class);
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        upstream.failWith(null);
        assertThat(breaker.findById(ID, Plot.SHORT)).contains(BATMAN);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void spendsNoBudgetWhileOpen() {
        CountdownBudget budget = new CountdownBudget(100);
        CircuitBreakingMovieCatalog guarded = new CircuitBreakingMovieCatalog(
                new BudgetedMovieCatalog(upstream, budget), ticker, 3, COOL_DOWN);
        upstream.failWith(() -> new UpstreamUnavailableException("down"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> guarded.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamUnavailableException.class);
        }
        assertThat(budget.remaining()).isEqualTo(97);

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> guarded.findById(ID, Plot.SHORT)).isInstanceOf(UpstreamCircuitOpenException.class);
        }

        assertThat(budget.remaining()).isEqualTo(97);
        assertThat(upstream.findCalls).hasValue(3);
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new CircuitBreakingMovieCatalog(upstream, ticker, 0, COOL_DOWN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CircuitBreakingMovieCatalog(upstream, ticker, 3, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void open() {
        upstream.failWith(() -> new UpstreamUnavailableException("down"));
        failTimes(3);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    private void failTimes(int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breaker.findById(ID, Plot.SHORT)).isInstanceOf(RuntimeException.class);
        }
    }

    /** Fails its first call, then delegates to a (gated) catalog. */
    private static final class FlakyThenSlow implements MovieCatalog {
        private final MovieCatalog then;
        private boolean failed;

        FlakyThenSlow(MovieCatalog then) {
            this.then = then;
        }

        @Override
        public SearchPage search(SearchQuery query) {
            return then.search(query);
        }

        @Override
        public synchronized Optional<MovieDetails> findById(ImdbId id, Plot plot) {
            if (!failed) {
                failed = true;
                throw new UpstreamUnavailableException("down");
            }
            return then.findById(id, plot);
        }
    }
}
