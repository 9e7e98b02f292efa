package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances on one real Redis spend one daily OMDb budget: OMDB_DAILY_BUDGET=4 buys four OMDb calls in all,
 * however the requests are spread, and every instance then refuses misses and reports the same budget.
 */
class SharedBudgetEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-shared-budget";
    private static final int BUDGET = 4;
    private static OmdbStub omdb;
    private static LocalRedis redis;
    private static final List<RunningApp> instances = new ArrayList<>();

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.startOwn();
        for (int i = 0; i < 3; i++) {
            instances.add(RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                    "redis-url", redis.url(), "omdb-daily-budget", Integer.toString(BUDGET),
                    "max-threshold", "1000", "near-cache-ttl", "0"));
        }
    }

    @AfterAll
    static void stop() {
        instances.forEach(RunningApp::close);
        redis.close();
        omdb.close();
    }

    @Test
    void spendsOneDailyBudgetAcrossThreeInstancesAndRefusesMissesOnAllOfThemOnceItIsSpent() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String id = "tt%07d".formatted(4_000_000 + i);
            omdb.answer(id, OmdbStub.movie(id));
            statuses.add(instances.get(i % 3).http().get("/api/v1/search/id/" + id).status());
        }

        assertThat(omdb.calls()).isEqualTo(BUDGET);
        assertThat(statuses.subList(0, BUDGET)).containsOnly(200);
        assertThat(statuses.subList(BUDGET, statuses.size())).containsOnly(503);
        for (RunningApp instance : instances) {
            Http.Response health = instance.http().get("/health");
            assertThat(health.object("upstream")).containsEntry("budget_remaining", 0);
            // What one instance fetched and stored, the others answer from Redis without OMDb.
            assertThat(instance.http().get("/api/v1/search/id/tt4000000").header("Cache-Status"))
                    .isEqualTo("cinemix; hit");
        }
        assertThat(omdb.calls()).isEqualTo(BUDGET);
    }
}
