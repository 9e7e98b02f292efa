package io.cinemix.core.upstream;

import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;

import io.cinemix.domain.CinemixException;
import io.cinemix.domain.ClientShareExhaustedException;
import io.cinemix.domain.Ticker;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A {@link CircuitBreaker} in front of the upstream {@link MovieCatalog}. After {@code failureThreshold} consecutive
 * failures ({@link UpstreamUnavailableException} or {@link UpstreamTimeoutException}) it opens for {@code coolDown}:
 * every call then throws {@link UpstreamCircuitOpenException} at once (with the time left), without calling the
 * upstream or spending quota. After the cool-down exactly one call goes through as a probe; success closes the
 * circuit, failure opens it for another cool-down. An unexpected {@link RuntimeException} (not a
 * {@link CinemixException}: an adapter bug, say) counts as a failure too.
 *
 * <p>Any other outcome — a result, not found, query too broad, misconfigured key — shows the upstream answering and
 * counts as a success. {@link UpstreamQuotaExhaustedException} counts as neither (a spent budget says nothing about
 * the upstream's health); a half-open probe refused that way leaves the circuit half-open for the next call.
 *
 * <p>Put it <i>outside</i> a {@link BudgetedMovieCatalog} so that an open circuit spends no budget; a caller that spends
 * ahead of the call asks {@link #admitsCalls()} first, and a {@link RefundingMovieCatalog} outside this one gives such
 * a call back when the circuit opened meanwhile.
 */
public final class CircuitBreakingMovieCatalog extends CatalogDecorator {
    /** Default {@code failureThreshold}: consecutive failures that open the circuit. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    /** Default {@code coolDown}: how long the circuit stays open before one probe. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(30);

    private static final Logger LOG = System.getLogger(CircuitBreakingMovieCatalog.class.getName());

    private final CircuitBreaker breaker;
    private final Duration coolDown;

    public CircuitBreakingMovieCatalog(MovieCatalog upstream, Ticker ticker, int failureThreshold, Duration coolDown) {
        super(upstream);
        this.breaker = new CircuitBreaker(ticker, failureThreshold, coolDown);
        this.coolDown = coolDown;
    }

    /** The current state; an open circuit whose cool-down is over reads as half-open. */
    public CircuitBreaker.State state() {
        return breaker.state();
    }

    /** Calls refused without reaching the upstream because the circuit was open (or a probe was running). */
    public long rejections() {
        return breaker.rejections();
    }

    /**
     * Only while the circuit is closed: an open circuit refuses every call, a half-open one all but its probe, and a
     * caller that would spend the budget ahead of the call then spends it the usual way, behind this breaker.
     */
    @Override
    public boolean admitsCalls() {
        return breaker.state() == CircuitBreaker.State.CLOSED && super.admitsCalls();
    }

    @Override
    protected <T> T around(Requester requester, Supplier<T> upstreamCall) {
        if (!breaker.tryAcquire()) {
            throw new UpstreamCircuitOpenException(breaker.untilProbe());
        }
        T result;
        try {
            result = upstreamCall.get();
        } catch (UpstreamUnavailableException | UpstreamTimeoutException e) {
            failed(e);
            throw e;
        } catch (UpstreamQuotaExhaustedException | ClientShareExhaustedException | Error e) {
            breaker.released();
            throw e;
        } catch (CinemixException e) {
            succeeded();
            throw e;
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
        succeeded();
        return result;
    }

    private void succeeded() {
        if (breaker.succeeded()) {
            LOG.log(Level.INFO, "Upstream circuit closed: the upstream answers again");
        }
    }

    private void failed(RuntimeException e) {
        if (breaker.failed()) {
            LOG.log(Level.ERROR, "Upstream circuit opened ({0}); no upstream call for {1}", e.getClass().getSimpleName(), coolDown);
        }
    }
}
