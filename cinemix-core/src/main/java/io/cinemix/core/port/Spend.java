package io.cinemix.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of asking an {@link UpstreamBudget} for one upstream call: allowed, or refused because the day's budget
 * or the requester's share is spent; with the requester's share as it stands when one is kept for them.
 */
public record Spend(Outcome outcome, Optional<ClientShare> share) {
    public enum Outcome { ALLOWED, BUDGET_SPENT, SHARE_SPENT }

    public static final Spend ALLOWED = new Spend(Outcome.ALLOWED, Optional.empty());
    public static final Spend BUDGET_SPENT = new Spend(Outcome.BUDGET_SPENT, Optional.empty());

    public Spend {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(share, "share");
        if (outcome == Outcome.SHARE_SPENT && share.isEmpty()) {
            throw new IllegalArgumentException("A spent share is a share.");
        }
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }
}
