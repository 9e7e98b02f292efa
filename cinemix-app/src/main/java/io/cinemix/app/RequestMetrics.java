package io.cinemix.app;

import io.cinemix.adapter.http.AnswerCacheStatus;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds}: every answer's latency as a Prometheus histogram (for percentiles across
 * instances), tagged with the method, the route (a fixed set: {@code /api/v1/search/id}, {@code /api/v1/search},
 * {@code /health}, {@code /metrics}, {@code other}, never the raw path), the status and the cache answer of
 * a details lookup or a search ({@link AnswerCacheStatus#word}: {@code hit}, {@code stale}, {@code miss},
 * {@code bypass}; {@code none} for any other answer).
 */
@ServerFilter("/**")
final class RequestMetrics implements Ordered {
    private static final String STARTED = RequestMetrics.class.getName() + ".started";

    /** One timer per tag combination, made on its first answer: an answer then finds its timer in one map lookup. */
    private record Tags(String method, String uri, int status, String cache) {
    }

    private final PrometheusMeterRegistry metrics;
    private final ConcurrentHashMap<Tags, Timer> timers = new ConcurrentHashMap<>();

    RequestMetrics(PrometheusMeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 50; // outside the rate limiter: its 429s are counted too
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!(request.getAttribute(STARTED).orElse(null) instanceof Long started)) {
            return;
        }
        // Unknown methods are CUSTOM, never the raw token: the tags are a small fixed set.
        Tags tags = new Tags(request.getMethod().name(), route(request.getPath()), response.code(),
                AnswerCacheStatus.of(response).map(AnswerCacheStatus::word).orElse("none"));
        timers.computeIfAbsent(tags, this::timer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Tags tags) {
        return Timer.builder("http.server.requests")
                .description("HTTP answers by route, status and cache answer")
                .tag("method", tags.method())
                .tag("uri", tags.uri())
                .tag("status", Integer.toString(tags.status()))
                .tag("cache", tags.cache())
                .publishPercentileHistogram()
                .register(metrics);
    }

    static String route(String path) {
        if (path.startsWith("/api/v1/search/id")) {
            return "/api/v1/search/id";
        }
        if (path.startsWith("/api/v1/search")) {
            return "/api/v1/search";
        }
        if (path.startsWith("/health")) {
            return "/health";
        }
        return path.equals("/metrics") ? "/metrics" : "other";
    }
}
