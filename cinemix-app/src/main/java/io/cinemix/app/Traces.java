package io.cinemix.app;

import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.RateLimits;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.UpstreamBudget;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.javahttpclient.JavaHttpClientTelemetry;
import io.opentelemetry.instrumentation.lettuce.v5_1.LettuceTelemetry;

import java.net.http.HttpClient;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What {@link CinemixFactory} traces when traces are on ({@link TracingSwitch}): the OMDb client's calls, each Redis
 * command (statement sanitized: {@code SET key ?}), and the core's ports through thin decorators (the rate-limit
 * decision, the cache reads, a wait on another lookup's lease, the budget spend). {@link #OFF} hands every port and
 * client back as it is: no decorator, no wrapper, nothing on the hot path.
 */
final class Traces {
    static final Traces OFF = new Traces(null);
    static final String INSTRUMENTATION = "io.cinemix";

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    private Traces(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry == null ? null : openTelemetry.getTracer(INSTRUMENTATION);
    }

    static Traces of(OpenTelemetry openTelemetry) {
        return openTelemetry == null ? OFF : new Traces(openTelemetry);
    }

    boolean on() {
        return openTelemetry != null;
    }

    /** The OMDb adapter's client, making a client span per call with {@code url.full} masked. */
    HttpClient omdbClient(HttpClient client) {
        return on() ? JavaHttpClientTelemetry.builder(openTelemetry).addAttributesExtractor(new OmdbUrlMasking())
                .build().newHttpClient(client) : client;
    }

    /** Lettuce's tracing for the Redis adapter's client: a span per command, its text sanitized. */
    io.lettuce.core.tracing.Tracing redis() {
        return on() ? LettuceTelemetry.builder(openTelemetry).setStatementSanitizationEnabled(true).build()
                .newTracing() : io.lettuce.core.tracing.Tracing.disabled();
    }

    RateLimits rateLimits(RateLimits limits) {
        return on() ? new TracedRateLimits(limits, tracer) : limits;
    }

    MovieCache movieCache(MovieCache cache) {
        return on() ? new TracedMovieCache(cache, this) : cache;
    }

    SearchCache searchCache(SearchCache cache) {
        return on() ? new TracedSearchCache(cache, this) : cache;
    }

    /** Leases waited for and lookups joined in process, as spans (one process's leases make none: all granted). */
    FetchLeases leases(FetchLeases leases) {
        return on() ? new TracedFetchLeases(leases, tracer) : leases;
    }

    UpstreamBudget budget(UpstreamBudget budget) {
        return on() ? new TracedUpstreamBudget(budget, this) : budget;
    }

    /** A span from now until another instance releases this lease (or the bounded wait ends): the time waited. */
    void leaseWait(FetchLeases.Lease lease) {
        Span span = tracer.spanBuilder(TracedFetchLeases.LEASE).startSpan();
        span.setAttribute("cinemix.lease.granted", false);
        lease.released().whenComplete((done, error) -> span.end());
    }

    /**
     * Runs {@code work} in a span of this name, a child of the current one and current while it runs; {@code outcome}
     * adds what it answered. A throw marks the span as failed and passes.
     */
    <T> T inSpan(String name, Supplier<T> work, BiConsumer<Span, T> outcome) {
        Span span = tracer.spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            T result = work.get();
            outcome.accept(span, result);
            return result;
        } catch (RuntimeException | Error e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }
}
