package io.cinemix.adapter.http;

import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.cors.CorsFilter;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Applies the rate limits ({@link RateLimiting#limits()}: in process, or shared through Redis) to every
 * {@code /api/**} request, keyed by client address ({@link ClientAddress#limitKey()}) or global, without blocking the event loop, and writes
 * the IETF draft -10 headers on every {@code /api} response: {@code RateLimit-Policy: "default";q=10;w=60} and
 * {@code RateLimit: "default";r=<remaining>;t=<seconds>}; a rejection is a 429 with {@code Retry-After}.
 */
@ServerFilter("/api/**")
final class RateLimitFilter implements Ordered {
    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";
    private static final String GLOBAL_KEY = "*";

    private final RateLimiting settings;
    private final String policyHeader;

    RateLimitFilter(RateLimiting settings) {
        this.settings = settings;
        this.policyHeader = "\"default\";q=" + settings.policy().maxThreshold()
                + ";w=" + settings.policy().window().toSeconds();
    }

    /**
     * After Micronaut's CORS filter: a 429 answered here then carries the CORS headers a page on an allowed origin
     * needs to read it (and its Retry-After), and a CORS preflight, which that filter answers, is not counted.
     */
    @Override
    public int getOrder() {
        return CorsFilter.CORS_FILTER_ORDER + 1;
    }

    /**
     * Completes with nothing (go on) on an admission, with the 429 on a rejection. Optional, not a nullable response:
     * Micronaut 4.10 answers an empty 503 when a stage that completes later completes with {@code null}.
     */
    @RequestFilter
    CompletionStage<Optional<HttpResponse<?>>> limit(HttpRequest<?> request) {
        String key = settings.scope() == RateLimiting.Scope.GLOBAL
                ? GLOBAL_KEY : ClientAddress.of(request).limitKey();
        return settings.limits().tryAcquire(key).thenApply(decision -> {
            request.setAttribute(DECISION, decision);
            if (decision.allowed()) {
                return Optional.empty();
            }
            return Optional.of(headers(ErrorMapping.error(429, ErrorMapping.messageFor(429)), decision)
                    .header("Retry-After", Long.toString(decision.resetSeconds())));
        });
    }

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        // The untyped lookup: the typed one runs the conversion service on every response.
        if (request.getAttribute(DECISION).orElse(null) instanceof RateLimitDecision decision) {
            headers(response, decision);
        }
    }

    private MutableHttpResponse<?> headers(MutableHttpResponse<?> response, RateLimitDecision decision) {
        return response.header("RateLimit-Policy", policyHeader)
                .header("RateLimit", "\"default\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
    }
}
