package io.cinemix.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /metrics}: Prometheus' text format (not rate-limited, like {@code /health}). Off the event loop: the
 * budget gauge asks Redis.
 */
@Controller("/metrics")
@ExecuteOn(TaskExecutors.BLOCKING)
final class MetricsController {
    private final PrometheusMeterRegistry metrics;

    MetricsController(PrometheusMeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Get(produces = "text/plain; version=0.0.4; charset=utf-8")
    String scrape() {
        return metrics.scrape();
    }
}
