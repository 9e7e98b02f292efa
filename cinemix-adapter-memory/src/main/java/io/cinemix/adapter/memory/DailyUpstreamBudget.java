package io.cinemix.adapter.memory;

import io.cinemix.core.port.UpstreamBudget;
import io.cinemix.domain.UtcMidnight;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * An {@link UpstreamBudget} kept in this process, for running without Redis: {@code dailyLimit} calls a UTC day,
 * reset at each UTC midnight by the injected clock. Thread-safe. With several instances each has its own budget; use
 * the shared Redis budget there.
 */
public final class DailyUpstreamBudget implements UpstreamBudget {
    private final Clock clock;
    private final long dailyLimit;
    private LocalDate day;
    private long used;

    public DailyUpstreamBudget(Clock clock, long dailyLimit) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (dailyLimit < 0) {
            throw new IllegalArgumentException("The daily budget must not be negative, got " + dailyLimit + ".");
        }
        this.dailyLimit = dailyLimit;
        this.day = today();
    }

    @Override
    public synchronized boolean tryConsume() {
        rollOver();
        if (used >= dailyLimit) {
            return false;
        }
        used++;
        return true;
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
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
