package io.cinemix.core.upstream;

import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.core.port.UpstreamBudget;
import io.cinemix.domain.UpstreamCircuitOpenException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Gives the budget back for a call paid ahead ({@link Requester#prepaid(Spend)}, allowed) that the
 * {@link CircuitBreakingMovieCatalog} it wraps then refused: the claim of a cold fetch spends the call only while the
 * circuit is closed ({@link MovieCatalog#admitsCalls()}), but another request's failure may open it before the call is
 * made, and a refused call never reaches the {@link BudgetedMovieCatalog} behind the breaker, which would take the
 * spend. The unit goes back to the day and to the requester's share ({@link UpstreamBudget#refund}).
 *
 * <p>Only an {@link UpstreamCircuitOpenException} says the call was not made: the breaker throws it before calling
 * anything behind it. Every other outcome (an answer, a timeout, the upstream's own limit) spent the call rightly.
 *
 * <p>Put it <i>outside</i> the breaker, with the budget the claim spends:
 * {@code new RefundingMovieCatalog(new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(omdb, budget), ...), budget)}.
 */
public final class RefundingMovieCatalog extends CatalogDecorator {
    private static final Logger LOG = System.getLogger(RefundingMovieCatalog.class.getName());

    private final UpstreamBudget budget;
    private final LongAdder refunds = new LongAdder();

    public RefundingMovieCatalog(MovieCatalog breaker, UpstreamBudget budget) {
        super(breaker);
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** Calls paid ahead that the circuit refused, given back so far. */
    public long refunds() {
        return refunds.sum();
    }

    @Override
    protected <T> T around(Requester requester, Supplier<T> call) {
        try {
            return call.get();
        } catch (UpstreamCircuitOpenException e) {
            if (requester.prepaid().filter(Spend::allowed).isPresent()) {
                budget.refund(requester);
                refunds.increment();
                LOG.log(Level.DEBUG, () -> "The circuit refused a call paid ahead by " + requester + "; given back");
            }
            throw e;
        }
    }
}
