package io.cinemix.adapter.http;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

/** {@code GET /health}: the service is up; which cache and catalog it uses, and whether the cache answers. */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
final class HealthController {
    @Serdeable
    record Health(String status, Cache cache, String catalog) {
    }

    @Serdeable
    record Cache(String backend, boolean reachable) {
    }

    private final HealthInfo info;

    HealthController(HealthInfo info) {
        this.info = info;
    }

    @Get
    Health health() {
        return new Health("UP", new Cache(info.cacheBackend(), info.cacheReachable().getAsBoolean()), info.catalog());
    }
}
