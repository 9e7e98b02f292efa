package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** A request that arrives while the service shuts down, once its pools take no more work. */
class ShutdownEndToEndTest {

    @Test
    void answersLookupsAndSearchesRefusedByAShutDownPoolWith503AndRetryAfter() {
        try (RunningApp app = RunningApp.start()) {
            Http http = app.http();
            assertThat(http.get("/api/v1/search/id/tt0096895").status()).isEqualTo(200); // the pools work

            pool(app, "lookups").shutdown();
            pool(app, TaskExecutors.BLOCKING).shutdown();
            Http.Response details = http.get("/api/v1/search/id/tt0372784");
            Http.Response search = http.get("/api/v1/search/?query=batman");

            for (Http.Response refused : new Http.Response[]{details, search}) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.json()).containsEntry("error_code", "503");
                assertThat(refused.header("Retry-After")).isEqualTo("1");
            }
            assertThat(http.get("/api/v1/search/id/tt0096895").status())
                    .as("a copy in memory needs no pool").isEqualTo(200);
        }
    }

    private static ExecutorService pool(RunningApp app, String name) {
        return app.context().getBean(ExecutorService.class, Qualifiers.byName(name));
    }
}
