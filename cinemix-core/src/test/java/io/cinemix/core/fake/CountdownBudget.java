package io.cinemix.core.fake;

import io.cinemix.core.port.Requester;
import io.cinemix.core.port.UpstreamBudget;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A hand-written {@link UpstreamBudget} fake: {@code calls} units that never reset. */
public final class CountdownBudget implements UpstreamBudget {
    private final AtomicLong remaining;

    public CountdownBudget(long calls) {
        this.remaining = new AtomicLong(calls);
    }

    @Override
    public boolean tryConsume() {
        return remaining.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
    }

    @Override
    public void refund(Requester requester) {
        remaining.incrementAndGet();
    }

    @Override
    public void exhaust() {
        remaining.set(0);
    }

    @Override
    public long remaining() {
        return remaining.get();
    }

    @Override
    public Duration untilReset() {
        return Duration.ofHours(1);
    }
}
