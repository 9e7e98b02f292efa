package io.cinemix.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code GET /health}: the service is up; which cache and catalog it uses, whether the cache answers, and for OMDb
 * the calls left in today's budget and the circuit breaker's state ({@code upstream} is {@code null} offline).
 */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
final class HealthController {
    @Serdeable
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Health(String status, Cache cache, String catalog, @Nullable Upstream upstream) {
    }

    @Serdeable
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Cache(String backend, boolean reachable) {
    }

    @Serdeable
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Upstream(@JsonProperty("budget_remaining") long budgetRemaining, String circuit) {
    }

    private final HealthInfo info;

    HealthController(HealthInfo info) {
        this.info = info;
    }

    @Serdeable
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record Probe(String status, @Nullable Boolean degraded) {
    }

    /** Liveness: the process serves HTTP. Nothing else is asked, so a slow Redis never gets an instance restarted. */
    @Get("/live")
    Probe live() {
        return new Probe("UP", null);
    }

    /**
     * Readiness: 200 once the service is up, saying whether it runs degraded (the cache backend does not answer, so
     * lookups go to OMDb). A Redis outage does not take an instance out of rotation: every instance would go at once,
     * while each still answers.
     */
    @Get("/ready")
    Probe ready() {
        return new Probe("READY", !info.cacheReachable().getAsBoolean());
    }

    @Get
    Health health() {
        Upstream upstream = info.upstream().get()
                .map(u -> new Upstream(u.budgetRemaining(), u.circuit())).orElse(null);
        return new Health("UP", new Cache(info.cacheBackend(), info.cacheReachable().getAsBoolean()), info.catalog(),
                upstream);
    }
}
