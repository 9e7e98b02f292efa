package io.cinemix.core.port;


import java.time.Duration;

/**
 * The daily allowance of upstream calls (OMDb's free key: 1,000 a UTC day), shared by everyone who spends it.
 *
 * <p>Spent through {@code BudgetedMovieCatalog}, one unit per upstream call. An implementation absorbs its own
 * store's outages and never throws for one: {@link #tryConsume()} then fails open (answers {@code true}: a broken
 * counter must not fail requests, and the upstream's own limit remains the backstop), and the other methods answer
 * what they last knew or a local estimate. It reports such an outage itself (log, metrics).
 * {@code DailyUpstreamBudget} is the in-process implementation.
 */
public interface UpstreamBudget {

    /** Takes one call from today's budget; {@code false}, taking nothing, when it is spent. */
    boolean tryConsume();

    /**
     * Takes one call from today's budget and, when the budget keeps clients' shares, from {@code requester}'s share
     * ({@link Requester#NOBODY} has none): refused, taking nothing, when either is spent. This default keeps no
     * shares. An outage of the store allows the call, as {@link #tryConsume()} does.
     */
    default Spend spend(Requester requester) {
        return tryConsume() ? Spend.ALLOWED : Spend.BUDGET_SPENT;
    }

    /**
     * Gives back one call spent for {@code requester} that never reached the upstream: spent ahead of the call, with
     * the claim of its fetch ({@link MovieCache#readOrClaim}), and then refused before it was made (the circuit opened
     * meanwhile). The call goes back to the day it was counted on and, when the budget keeps shares, to
     * {@code requester}'s share; neither goes below zero. An outage of the store keeps the call spent (the safe side:
     * the day ends one call short), reported as the store's other outages are.
     */
    void refund(Requester requester);

    /** Marks today's budget as spent (the upstream said its limit was reached). */
    void exhaust();

    /** Calls left today. */
    long remaining();

    /** Time until the budget resets (the next UTC midnight). */
    Duration untilReset();
}
