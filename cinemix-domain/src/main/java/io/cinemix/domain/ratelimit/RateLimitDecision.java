package io.cinemix.domain.ratelimit;

/**
 * The outcome of one request against a limit.
 *
 * @param allowed      whether the request is admitted
 * @param limit        the policy's threshold
 * @param remaining    admits left in the counted window after this decision
 * @param resetSeconds on a rejection, whole seconds until a permit frees (at least 1: the {@code Retry-After});
 *                     on an admission, seconds until the oldest counted admit stops counting (0 when none counts)
 */
public record RateLimitDecision(boolean allowed, int limit, int remaining, long resetSeconds) {
}
