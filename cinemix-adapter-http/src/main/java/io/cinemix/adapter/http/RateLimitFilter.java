package io.cinemix.adapter.http;

import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.Requester;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.cors.CorsFilter;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Applies the rate limits ({@link RateLimiting#limits()}: in process, or shared through Redis) to every
 * {@code /api/**} request, keyed by client address ({@link ClientAddress#limitKey()}) or global, without blocking the event loop, and writes
 * the IETF draft -10 headers on every {@code /api} response: {@code RateLimit-Policy: "default";q=10;w=60} and
 * {@code RateLimit: "default";r=<remaining>;t=<seconds>}; a rejection is a 429 with {@code Retry-After}. The client
 * it keys by is the {@link Requester} an upstream call is charged to (a request attribute); when this request was
 * charged, both fields gain the client's share of the upstream as a second item:
 * {@code "omdb";q=<share>;w=86400} and {@code "omdb";r=<left>;t=<seconds to the next UTC midnight>}.
 */
@ServerFilter("/api/**")
final class RateLimitFilter implements Ordered {
    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";
    private static final String REQUESTER = Requester.class.getName();
    /** The window of a client's share of the upstream: a UTC day. */
    private static final long SHARE_WINDOW_SECONDS = 86_400;
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
     * needs to read it (and its Retry-After), and a CORS preflight, which that filter answers, is not counted. After
     * the tracing phase too: with traces on, the decision is a span of the request's trace.
     */
    @Override
    public int getOrder() {
        return Math.max(CorsFilter.CORS_FILTER_ORDER, ServerFilterPhase.TRACING.order()) + 1;
    }

    /**
     * Completes with nothing (go on) on an admission, with the 429 on a rejection, on the request's connection's event
     * loop ({@link ConnectionLoop}): the rest of the request runs there. Optional, not a nullable response:
     * Micronaut 4.10 answers an empty 503 when a stage that completes later completes with {@code null}.
     */
    @RequestFilter
    CompletionStage<Optional<HttpResponse<?>>> limit(HttpRequest<?> request) {
        boolean global = settings.scope() == RateLimiting.Scope.GLOBAL;
        String key = global ? GLOBAL_KEY : ClientAddress.of(request).limitKey();
        // Who the rate limiter sees is who an upstream call is charged to; in global scope there is no one client.
        request.setAttribute(REQUESTER, global ? Requester.NOBODY : Requester.of(key));
        // Go on on the connection's event loop, not on the thread that decided (Lettuce's, for a shared decision).
        return settings.limits().tryAcquire(key).thenApplyAsync(decision -> {
            request.setAttribute(DECISION, decision);
            if (decision.allowed()) {
                return Optional.empty();
            }
            return Optional.of(headers(ErrorMapping.error(429, ErrorMapping.messageFor(429)), decision)
                    .header("Retry-After", Long.toString(decision.resetSeconds())));
        }, ConnectionLoop.of(request));
    }

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        // The untyped lookup: the typed one runs the conversion service on every response.
        if (request.getAttribute(DECISION).orElse(null) instanceof RateLimitDecision decision) {
            headers(response, decision, requester(request).share());
        }
    }

    /** Who the request is on behalf of, for the use case to charge (set for every {@code /api} request). */
    static Requester requester(HttpRequest<?> request) {
        return request.getAttribute(REQUESTER).orElse(null) instanceof Requester requester ? requester : Requester.NOBODY;
    }

    private MutableHttpResponse<?> headers(MutableHttpResponse<?> response, RateLimitDecision decision) {
        return headers(response, decision, Optional.empty());
    }

    /** The request limit, and the client's share of the upstream when this request was charged for it. */
    private MutableHttpResponse<?> headers(MutableHttpResponse<?> response, RateLimitDecision decision,
                                           Optional<ClientShare> share) {
        String limit = "\"default\";r=" + decision.remaining() + ";t=" + decision.resetSeconds();
        if (share.isEmpty()) {
            return response.header("RateLimit-Policy", policyHeader).header("RateLimit", limit);
        }
        return response.header("RateLimit-Policy", policyHeader + ", \"omdb\";q=" + share.get().limit() + ";w="
                        + SHARE_WINDOW_SECONDS)
                .header("RateLimit", limit + ", \"omdb\";r=" + share.get().left() + ";t="
                        + ErrorMapping.retryAfterSeconds(share.get().untilReset()));
    }
}
