package io.cinemix.ports;

import io.cinemix.domain.CinemixException;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.Ticker;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamUnavailableException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A circuit breaker in front of the upstream {@link MovieCatalog}. After {@code failureThreshold} consecutive
 * failures ({@link UpstreamUnavailableException} or {@link UpstreamTimeoutException}) it opens for {@code coolDown}:
 * every call then throws {@link UpstreamCircuitOpenException} at once (with the time left), without calling the
 * upstream or spending quota. After the
 * cool-down it is half-open: exactly one call goes through as a probe (others are refused while it runs); success
 * closes the circuit, failure opens it for another cool-down. An unexpected {@link RuntimeException} (not a
 * {@link CinemixException}: an adapter bug, say) counts as a failure too.
 *
 * <p>Any other outcome — a result, not found, query too broad, misconfigured key — shows the upstream answering and
 * counts as a success. {@link UpstreamQuotaExhaustedException} counts as neither (a spent budget says nothing about
 * the upstream's health); a half-open probe refused that way leaves the circuit half-open for the next call.
 *
 * <p>Put it <i>outside</i> a {@link BudgetedMovieCatalog} so that an open circuit spends no budget.
 * Time comes from the injected {@link Ticker}.
 */
public final class CircuitBreakingMovieCatalog implements MovieCatalog {
    /** Default {@code failureThreshold}: consecutive failures that open the circuit. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    /** Default {@code coolDown}: how long the circuit stays open before one probe. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);

    /** The breaker's state, e.g. for a health endpoint or a gauge. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private enum Permit { NORMAL, PROBE }

    private static final Logger LOG = System.getLogger(CircuitBreakingMovieCatalog.class.getName());

    private final MovieCatalog upstream;
    private final Ticker ticker;
    private final int failureThreshold;
    private final Duration coolDown;
    private final long coolDownNanos;
    private final AtomicLong rejections = new AtomicLong();

    // Guarded by this.
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probeInFlight;

    public CircuitBreakingMovieCatalog(MovieCatalog upstream, Ticker ticker, int failureThreshold, Duration coolDown) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(coolDown, "coolDown");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("The failure threshold must be at least 1, got " + failureThreshold + ".");
        }
        if (coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("The cool-down must be positive, got " + coolDown + ".");
        }
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.coolDownNanos = coolDown.toNanos();
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return call(() -> upstream.search(query));
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        return call(() -> upstream.findById(id, plot));
    }

    /** The current state; an open circuit whose cool-down is over reads as half-open. */
    public synchronized State state() {
        if (state == State.OPEN && coolDownOver()) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** Calls refused without reaching the upstream because the circuit was open (or a probe was running). */
    public long rejections() {
        return rejections.get();
    }

    private <T> T call(Supplier<T> upstreamCall) {
        Permit permit = acquire();
        if (permit == null) {
            rejections.incrementAndGet();
            throw new UpstreamCircuitOpenException(untilProbe());
        }
        T result;
        try {
            result = upstreamCall.get();
        } catch (UpstreamUnavailableException | UpstreamTimeoutException e) {
            onFailure(permit);
            throw e;
        } catch (UpstreamQuotaExhaustedException e) {
            onNeutral(permit);
            throw e;
        } catch (CinemixException e) {
            onSuccess(permit);
            throw e;
        } catch (RuntimeException e) {
            onFailure(permit);
            throw e;
        } catch (Error e) {
            onNeutral(permit);
            throw e;
        }
        onSuccess(permit);
        return result;
    }

    /** A permit to call, or {@code null} when the call is refused. */
    private synchronized Permit acquire() {
        if (state == State.OPEN) {
            if (!coolDownOver()) {
                return null;
            }
            state = State.HALF_OPEN;
            probeInFlight = false;
        }
        if (state == State.HALF_OPEN) {
            if (probeInFlight) {
                return null;
            }
            probeInFlight = true;
            return Permit.PROBE;
        }
        return Permit.NORMAL;
    }

    private synchronized void onSuccess(Permit permit) {
        consecutiveFailures = 0;
        if (permit == Permit.PROBE && state == State.HALF_OPEN) {
            state = State.CLOSED;
            probeInFlight = false;
            LOG.log(Level.INFO, "Upstream circuit closed: the probe call succeeded");
        }
    }

    private synchronized void onFailure(Permit permit) {
        if (permit == Permit.PROBE && state == State.HALF_OPEN) {
            open("the probe call failed");
        } else if (state == State.CLOSED && ++consecutiveFailures >= failureThreshold) {
            open(consecutiveFailures + " consecutive upstream failures");
        }
    }

    private synchronized void onNeutral(Permit permit) {
        if (permit == Permit.PROBE && state == State.HALF_OPEN) {
            probeInFlight = false;
        }
    }

    private void open(String reason) {
        state = State.OPEN;
        openedAt = ticker.read();
        probeInFlight = false;
        consecutiveFailures = 0;
        LOG.log(Level.ERROR, "Upstream circuit opened ({0}); no upstream call for {1}", reason, coolDown);
    }

    /** Time left until a probe may go through: the rest of the cool-down, or a moment while a probe runs. */
    private synchronized Duration untilProbe() {
        long left = coolDownNanos - (ticker.read() - openedAt);
        return left > 0 ? Duration.ofNanos(left) : Duration.ofSeconds(1);
    }

    private boolean coolDownOver() {
        return ticker.read() - openedAt >= coolDownNanos;
    }
}
