package io.cinemix.app;

import io.cinemix.core.port.RateLimits;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.concurrent.CompletionStage;

/** A span per rate-limit decision ({@code cinemix.rate_limit}), ended when the decision is known. */
final class TracedRateLimits implements RateLimits {
    private final RateLimits limits;
    private final Tracer tracer;

    TracedRateLimits(RateLimits limits, Tracer tracer) {
        this.limits = limits;
        this.tracer = tracer;
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquire(String key) {
        Span span = tracer.spanBuilder("cinemix.rate_limit").startSpan();
        CompletionStage<RateLimitDecision> decision;
        try (Scope ignored = span.makeCurrent()) {
            decision = limits.tryAcquire(key);
        } catch (RuntimeException | Error e) {
            span.end();
            throw e;
        }
        return decision.whenComplete((answer, error) -> {
            if (answer != null) {
                span.setAttribute("cinemix.rate_limit.allowed", answer.allowed());
                span.setAttribute("cinemix.rate_limit.remaining", answer.remaining());
            }
            span.end();
        });
    }
}
