package io.cinemix.app;

import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.core.port.UpstreamBudget;

import java.time.Duration;

/** A span per spend of the daily upstream budget ({@code cinemix.budget.spend}, {@code cinemix.budget.outcome}). */
final class TracedUpstreamBudget implements UpstreamBudget {
    private static final String SPEND = "cinemix.budget.spend";
    private final UpstreamBudget budget;
    private final Traces traces;

    TracedUpstreamBudget(UpstreamBudget budget, Traces traces) {
        this.budget = budget;
        this.traces = traces;
    }

    @Override
    public boolean tryConsume() {
        return traces.inSpan(SPEND, budget::tryConsume, (span, allowed) ->
                span.setAttribute("cinemix.budget.outcome", allowed ? "allowed" : "budget_spent"));
    }

    @Override
    public Spend spend(Requester requester) {
        return traces.inSpan(SPEND, () -> budget.spend(requester), (span, spend) ->
                span.setAttribute("cinemix.budget.outcome", spend.outcome().name().toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public void refund(Requester requester) {
        budget.refund(requester);
    }

    @Override
    public void exhaust() {
        budget.exhaust();
    }

    @Override
    public long remaining() {
        return budget.remaining();
    }

    @Override
    public Duration untilReset() {
        return budget.untilReset();
    }
}
