package io.cinemix.adapter.memory;

import io.cinemix.core.port.RateLimits;

import io.cinemix.domain.Ticker;
import io.cinemix.domain.ratelimit.KeyedRateLimiter;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.cinemix.domain.ratelimit.RateLimitPolicy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Limits kept in this process ({@link KeyedRateLimiter}); every decision is already complete when returned. */
public final class InProcessRateLimits implements RateLimits {
    private final KeyedRateLimiter limiter;

    /** @param maxKeys at most this many keys are tracked (see {@link KeyedRateLimiter}) */
    public InProcessRateLimits(RateLimitPolicy policy, Ticker ticker, int maxKeys) {
        this.limiter = new KeyedRateLimiter(policy, ticker, maxKeys);
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquire(String key) {
        return CompletableFuture.completedFuture(limiter.tryAcquire(key));
    }
}
