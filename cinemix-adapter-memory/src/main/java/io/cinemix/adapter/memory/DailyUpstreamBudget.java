package io.cinemix.adapter.memory;

import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.core.port.UpstreamBudget;
import io.cinemix.domain.UtcMidnight;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link UpstreamBudget} kept in this process, for running without Redis: {@code dailyLimit} calls a UTC day, and
 * at most {@code clientShare} of them caused by any one client (0: no shares), reset at each UTC midnight by the
 * injected clock. At most {@link #MAX_CLIENTS} clients are counted apart a day; the clients after them share one
 * count. Thread-safe. With several instances each has its own budget; use the shared Redis budget there.
 */
public final class DailyUpstreamBudget implements UpstreamBudget {
    private final Clock clock;
    /** Clients counted apart in one day; later ones share {@link #OVERFLOW}'s count. */
    static final int MAX_CLIENTS = 100_000;
    private static final String OVERFLOW = "*";

    private final long dailyLimit;
    private final long clientShare;
    private final Map<String, Long> spentByClient = new HashMap<>();
    private LocalDate day;
    private long used;

    /** A budget without clients' shares. */
    public DailyUpstreamBudget(Clock clock, long dailyLimit) {
        this(clock, dailyLimit, 0);
    }

    /** @param clientShare the calls one client may cause a day; 0: no shares */
    public DailyUpstreamBudget(Clock clock, long dailyLimit, long clientShare) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (dailyLimit < 0) {
            throw new IllegalArgumentException("The daily budget must not be negative, got " + dailyLimit + ".");
        }
        if (clientShare < 0) {
            throw new IllegalArgumentException("A client's share must not be negative, got " + clientShare + ".");
        }
        this.dailyLimit = dailyLimit;
        this.clientShare = clientShare;
        this.day = today();
    }

    @Override
    public boolean tryConsume() {
        return spend(Requester.NOBODY).allowed();
    }

    @Override
    public synchronized Spend spend(Requester requester) {
        rollOver();
        boolean counted = clientShare > 0 && !requester.isNobody();
        String client = counted ? clientKey(requester) : OVERFLOW;
        long byClient = counted ? spentByClient.getOrDefault(client, 0L) : 0;
        if (counted && byClient >= clientShare) {
            return new Spend(Spend.Outcome.SHARE_SPENT, Optional.of(share(0)));
        }
        if (used >= dailyLimit) {
            return Spend.BUDGET_SPENT;
        }
        used++;
        if (!counted) {
            return Spend.ALLOWED;
        }
        spentByClient.put(client, byClient + 1);
        return new Spend(Spend.Outcome.ALLOWED, Optional.of(share(clientShare - byClient - 1)));
    }

    /**
     * Back to the day's count and the client's, never below zero (a call spent just before midnight and given back
     * after it goes back to whichever day the counts are on: the new one's if a spend rolled them over, else to the
     * old day's, which the roll-over then drops; a few milliseconds a day either way).
     */
    @Override
    public synchronized void refund(Requester requester) {
        if (used > 0) {
            used--;
        }
        if (clientShare > 0 && !requester.isNobody()) {
            String client = spentByClient.containsKey(requester.key()) ? requester.key() : OVERFLOW;
            spentByClient.computeIfPresent(client, (key, calls) -> calls > 1 ? calls - 1 : null);
        }
    }

    @Override
    public synchronized void exhaust() {
        rollOver();
        used = dailyLimit;
    }

    @Override
    public synchronized long remaining() {
        rollOver();
        return dailyLimit - used;
    }

    @Override
    public Duration untilReset() {
        return UtcMidnight.untilNext(clock.instant());
    }

    private void rollOver() {
        LocalDate today = today();
        if (today.isAfter(day)) { // never backwards: a clock stepped back keeps today's count
            day = today;
            used = 0;
            spentByClient.clear();
        }
    }

    private String clientKey(Requester requester) {
        return spentByClient.size() < MAX_CLIENTS || spentByClient.containsKey(requester.key())
                ? requester.key() : OVERFLOW;
    }

    private ClientShare share(long left) {
        return new ClientShare(clientShare, left, untilReset());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
