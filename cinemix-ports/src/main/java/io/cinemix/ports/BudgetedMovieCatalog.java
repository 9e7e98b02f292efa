package io.cinemix.ports;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamQuotaExhaustedException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link MovieCatalog} that spends one unit of an {@link UpstreamBudget} before every upstream call (search and
 * details) and makes none once the budget is spent: it throws {@link UpstreamQuotaExhaustedException} with
 * {@code retryAfter} = time to the budget's reset. When the upstream itself says its limit is reached, the budget is
 * marked spent ({@link UpstreamBudget#exhaust()}) and the failure rethrown with that {@code retryAfter}.
 *
 * <p><b>Fail-open:</b> if the budget itself fails (a {@link RuntimeException}, e.g. Redis down), the call is made
 * anyway: a broken counter must not take the service down, and the upstream's own limit ("Request limit reached!")
 * remains the backstop. The first failure is logged at ERROR, the following ones not until the budget works again
 * (logged at INFO), so an outage does not flood the log.
 *
 * <p>Put it <i>inside</i> a {@link CircuitBreakingMovieCatalog} so that an open circuit spends nothing:
 * {@code new CircuitBreakingMovieCatalog(new BudgetedMovieCatalog(omdb, budget), ...)}.
 */
public final class BudgetedMovieCatalog implements MovieCatalog {
    private static final Logger LOG = System.getLogger(BudgetedMovieCatalog.class.getName());

    private final MovieCatalog upstream;
    private final UpstreamBudget budget;
    private final AtomicLong upstreamCalls = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicBoolean budgetFailing = new AtomicBoolean();
    private final AtomicBoolean spent = new AtomicBoolean();

    public BudgetedMovieCatalog(MovieCatalog upstream, UpstreamBudget budget) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public SearchPage search(SearchQuery query) {
        return call(() -> upstream.search(query));
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        return call(() -> upstream.findById(id, plot));
    }

    /** Calls passed on to the upstream so far. */
    public long upstreamCalls() {
        return upstreamCalls.get();
    }

    /** Calls refused because the budget was spent. */
    public long refusals() {
        return refusals.get();
    }

    private <T> T call(Supplier<T> upstreamCall) {
        if (!consume()) {
            refusals.incrementAndGet();
            if (spent.compareAndSet(false, true)) {
                LOG.log(Level.ERROR, "The daily upstream budget is spent; no upstream call until it resets");
            }
            throw quotaExhausted();
        }
        spent.set(false);
        upstreamCalls.incrementAndGet();
        try {
            return upstreamCall.get();
        } catch (UpstreamQuotaExhaustedException e) {
            LOG.log(Level.ERROR, "The upstream says its limit is reached; no upstream call until the budget resets");
            spent.set(true);
            guarded("exhaust", () -> {
                budget.exhaust();
                return null;
            }, null);
            throw quotaExhausted();
        }
    }

    private boolean consume() {
        return guarded("tryConsume", budget::tryConsume, true);
    }

    private UpstreamQuotaExhaustedException quotaExhausted() {
        Duration retryAfter = guarded("untilReset", budget::untilReset, null);
        return new UpstreamQuotaExhaustedException(
                "The daily movie catalog quota is used up; please retry later.", retryAfter);
    }

    private <T> T guarded(String operation, Supplier<T> budgetCall, T failOpenAnswer) {
        try {
            T answer = budgetCall.get();
            if (budgetFailing.compareAndSet(true, false)) {
                LOG.log(Level.INFO, "The upstream budget works again");
            }
            return answer;
        } catch (RuntimeException e) {
            if (budgetFailing.compareAndSet(false, true)) {
                LOG.log(Level.ERROR, "The upstream budget failed ({0}: {1}); calls are let through uncounted until it "
                        + "works again", operation, e.toString());
            }
            return failOpenAnswer;
        }
    }
}
