package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OMDB_DAILY_BUDGET=2 without Redis: the wiring puts the in-process budget between the service and OMDb. */
class UpstreamBudgetEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-budget";
    @AutoClose
    private static OmdbStub omdb;
    @AutoClose
    private static RunningApp app;
    private static Http http;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "omdb-daily-budget", "2",
                "max-threshold", "1000");
        http = app.http();
    }

    @Test
    void answersMissesWith503OnceTheDailyBudgetIsSpentWhileHitsStillWork() {
        assertThat(http.get("/api/v1/search/?query=batman").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200);
        int calls = omdb.calls();

        Http.Response spent = http.get("/api/v1/search/id/tt9999999");
        Http.Response hit = http.get("/api/v1/search/id/tt0372784");
        Http.Response health = http.get("/health");

        assertThat(spent.status()).isEqualTo(503);
        assertThat(spent.json()).containsEntry("error_code", "503");
        assertThat(Long.parseLong(spent.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(omdb.calls()).isEqualTo(calls);
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(health.json()).containsEntry("catalog", "omdb");
        assertThat(health.object("cache")).containsEntry("backend", "in-process");
        assertThat(health.object("upstream")).containsEntry("budget_remaining", 0).containsEntry("circuit", "closed");
    }
}
