package io.cinemix.adapter.http;

import io.cinemix.core.port.RateLimits;

import io.cinemix.domain.ratelimit.RateLimitPolicy;

import java.util.Locale;
import java.util.Objects;

/**
 * How the HTTP front limits {@code /api/**} requests; a bean the application provides.
 *
 * @param policy the sliding-window-counter policy, advertised in {@code RateLimit-Policy}
 * @param scope  one limit per client address, or one for everybody
 * @param limits the decisions, with that same policy (in this process, or shared through Redis)
 */
public record RateLimiting(RateLimitPolicy policy, Scope scope, RateLimits limits) {

    /** Who shares one limit. */
    public enum Scope {
        /** One limit per client address (the socket peer, or the rightmost untrusted X-Forwarded-For hop). */
        CLIENT,
        /** One limit for all clients together. */
        GLOBAL;

        /** Parses {@code client} or {@code global} (any case). */
        public static Scope parse(String text) {
            for (Scope scope : values()) {
                if (scope.name().equals(text.strip().toUpperCase(Locale.ROOT))) {
                    return scope;
                }
            }
            throw new IllegalArgumentException("must be 'client' or 'global'");
        }
    }

    public RateLimiting {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(limits, "limits");
    }
}
