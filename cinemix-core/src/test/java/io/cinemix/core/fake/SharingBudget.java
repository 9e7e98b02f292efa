package io.cinemix.core.fake;

import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.core.port.UpstreamBudget;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A hand-written {@link UpstreamBudget} fake that keeps clients' shares: {@code calls} a day, {@code share} each. */
public final class SharingBudget implements UpstreamBudget {
    private static final Duration UNTIL_RESET = Duration.ofHours(1);
    private final long share;
    private final Map<String, Long> byClient = new ConcurrentHashMap<>();
    private long remaining;

    public SharingBudget(long calls, long share) {
        this.remaining = calls;
        this.share = share;
    }

    @Override
    public synchronized Spend spend(Requester requester) {
        long used = requester.isNobody() ? 0 : byClient.getOrDefault(requester.key(), 0L);
        Optional<ClientShare> left = requester.isNobody() ? Optional.empty()
                : Optional.of(new ClientShare(share, share - used, UNTIL_RESET));
        if (!requester.isNobody() && used >= share) {
            return new Spend(Spend.Outcome.SHARE_SPENT, left);
        }
        if (remaining == 0) {
            return Spend.BUDGET_SPENT;
        }
        remaining--;
        if (requester.isNobody()) {
            return Spend.ALLOWED;
        }
        byClient.put(requester.key(), used + 1);
        return new Spend(Spend.Outcome.ALLOWED, Optional.of(new ClientShare(share, share - used - 1, UNTIL_RESET)));
    }

    @Override
    public boolean tryConsume() {
        return spend(Requester.NOBODY).allowed();
    }

    @Override
    public synchronized void refund(Requester requester) {
        remaining++;
        if (!requester.isNobody()) {
            byClient.computeIfPresent(requester.key(), (client, used) -> used > 0 ? used - 1 : 0);
        }
    }

    @Override
    public synchronized void exhaust() {
        remaining = 0;
    }

    @Override
    public synchronized long remaining() {
        return remaining;
    }

    @Override
    public Duration untilReset() {
        return UNTIL_RESET;
    }

    /** The calls charged to {@code client} so far. */
    public long chargedTo(String client) {
        return byClient.getOrDefault(client, 0L);
    }
}
