package io.cinemix.core.upstream;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.core.port.UpstreamBudget;

import io.cinemix.domain.ClientShareExhaustedException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link MovieCatalog} that spends one unit of an {@link UpstreamBudget} before every upstream call (search and
 * details), charged to the {@link Requester} whose lookup makes it (their share, when the budget keeps shares:
 * {@link UpstreamBudget#spend}), and makes none once the budget is spent: it throws {@link UpstreamQuotaExhaustedException} with
 * {@code retryAfter} = time to the budget's reset; once the requester's share is spent, it throws
 * {@link ClientShareExhaustedException}. The requester learns what is left of their share ({@link Requester#share()}). When the upstream itself says its limit is reached, the budget is
 * marked spent ({@link UpstreamBudget#exhaust()}) and the failure rethrown with that {@code retryAfter}. A spent budget
 * is logged at ERROR once (an {@link OutageLog}), and at INFO when calls are allowed again.
 *
 * <p>A call whose budget was spent already, with the claim of its fetch ({@link Requester#prepaid(Spend)}), is not
 * spent again: its spend is taken as this decorator's own. One that the circuit refuses never comes here; a
 * {@link RefundingMovieCatalog} gives it back.
 *
 * <p>A budget absorbs its own store's outages (see {@link UpstreamBudget}), so nothing here guards against one.
 *
 * <p>Put it <i>inside</i> a {@link CircuitBreakingMovieCatalog} so that an open circuit spends nothing:
 * {@code new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(omdb, budget), ...)}.
 */
public final class BudgetedMovieCatalog extends CatalogDecorator {
    private static final Logger LOG = System.getLogger(BudgetedMovieCatalog.class.getName());

    private final UpstreamBudget budget;
    private final AtomicLong upstreamCalls = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong shareRefusals = new AtomicLong();
    private final OutageLog spent = new OutageLog(LOG, "The daily upstream budget allows calls again");

    public BudgetedMovieCatalog(MovieCatalog upstream, UpstreamBudget budget) {
        super(upstream);
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** Calls passed on to the upstream so far. */
    public long upstreamCalls() {
        return upstreamCalls.get();
    }

    /** Calls refused because the budget was spent. */
    public long refusals() {
        return refusals.get();
    }

    /** Calls refused because the requester's share was spent. */
    public long shareRefusals() {
        return shareRefusals.get();
    }

    @Override
    protected <T> T around(Requester requester, Supplier<T> upstreamCall) {
        Spend spend = requester.prepaid().orElseGet(() -> budget.spend(requester));
        spend.share().ifPresent(requester::charged);
        if (spend.outcome() == Spend.Outcome.SHARE_SPENT) {
            shareRefusals.incrementAndGet();
            LOG.log(Level.INFO, () -> "The upstream share of " + requester + " is spent for today");
            throw new ClientShareExhaustedException(spend.share().orElseThrow().untilReset());
        }
        if (spend.outcome() == Spend.Outcome.BUDGET_SPENT) {
            refusals.incrementAndGet();
            spent.failed("The daily upstream budget is spent; no upstream call until it resets");
            throw quotaExhausted();
        }
        spent.works();
        upstreamCalls.incrementAndGet();
        try {
            return upstreamCall.get();
        } catch (UpstreamQuotaExhaustedException e) {
            spent.failed("The upstream says its limit is reached; no upstream call until the budget resets");
            budget.exhaust();
            throw quotaExhausted();
        }
    }

    private UpstreamQuotaExhaustedException quotaExhausted() {
        return new UpstreamQuotaExhaustedException(
                "The daily movie catalog quota is used up; please retry later.", budget.untilReset());
    }
}
