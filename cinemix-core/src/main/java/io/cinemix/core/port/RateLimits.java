package io.cinemix.core.port;


import io.cinemix.domain.ratelimit.RateLimitDecision;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether one more request of a key (a client address, or one key for everybody) fits its sliding-window
 * limit: {@code InProcessRateLimits} in one process, a shared store's implementation across instances.
 *
 * <p>Asynchronous because the HTTP front asks from its event loop, which must never wait. Never completes
 * exceptionally: an implementation over a store that fails answers from a local limit instead.
 */
public interface RateLimits {
    /** Decides (and counts, if admitted) one request for {@code key}. */
    CompletionStage<RateLimitDecision> tryAcquire(String key);
}
