package io.cinemix.app;

import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.FetchLeases;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.util.concurrent.CompletableFuture;

/**
 * A span per lease taken ({@code cinemix.lease}, {@code cinemix.lease.granted}); when another instance holds it, the
 * span lasts until its release or the end of the bounded wait, so the trace shows the time spent waiting. A lookup
 * that joins one under way in this process gets a {@code cinemix.join} span lasting its wait.
 */
final class TracedFetchLeases implements FetchLeases {
    static final String LEASE = "cinemix.lease";
    static final String JOIN = "cinemix.join";
    private final FetchLeases leases;
    private final Tracer tracer;

    TracedFetchLeases(FetchLeases leases, Tracer tracer) {
        this.leases = leases;
        this.tracer = tracer;
    }

    @Override
    public Lease take(CacheKey key) {
        if (leases == FetchLeases.ALWAYS_GRANTED) {
            return leases.take(key); // one process: granted at once, nothing waited for
        }
        Span span = tracer.spanBuilder(LEASE).startSpan();
        Lease lease;
        try (Scope ignored = span.makeCurrent()) {
            lease = leases.take(key);
        } catch (RuntimeException | Error e) {
            span.end();
            throw e;
        }
        span.setAttribute("cinemix.lease.granted", lease.granted());
        if (lease.granted()) {
            span.end();
        } else {
            lease.released().whenComplete((done, error) -> span.end());
        }
        return lease;
    }

    @Override
    public void joined(CacheKey key, CompletableFuture<?> until) {
        leases.joined(key, until);
        Span span = tracer.spanBuilder(JOIN).startSpan();
        until.whenComplete((done, error) -> span.end());
    }
}
