package io.cinemix.ports;

import java.time.Duration;

/**
 * The daily allowance of upstream calls (OMDb's free key: 1,000 a UTC day), shared by everyone who spends it.
 *
 * <p>Spent through {@link BudgetedMovieCatalog}, one unit per upstream call. An implementation may throw a
 * {@link RuntimeException} when its store is unreachable; the caller then fails open (the call is made uncounted,
 * logged once at ERROR), so a broken counter never fails a request. {@link DailyUpstreamBudget} is the in-process
 * implementation.
 */
public interface UpstreamBudget {

    /** Takes one call from today's budget; {@code false}, taking nothing, when it is spent. */
    boolean tryConsume();

    /** Marks today's budget as spent (the upstream said its limit was reached). */
    void exhaust();

    /** Calls left today. */
    long remaining();

    /** Time until the budget resets (the next UTC midnight). */
    Duration untilReset();
}
