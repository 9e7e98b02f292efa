package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ops teams point their tools at, on the real app with a real Redis: the probes, and the Grafana dashboard of
 * docs/grafana, whose every query names metrics that {@code /metrics} really exposes.
 */
class OperationsEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-operations";
    private static final Pattern METRIC =
            Pattern.compile("\\b(cinemix_[a-z_]+|http_server_requests_seconds_[a-z]+|jvm_[a-z_]+)\\b");
    @AutoClose
    private static OmdbStub omdb;
    @AutoClose
    private static RunningApp app;
    private static LocalRedis redis;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.shared();
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "max-threshold", "2");
    }

    @Test
    void everyMetricTheDashboardQueriesIsExposed() throws Exception {
        redis.command("FLUSHDB"); // no cached title, no rate-limit count left by another test
        Http http = app.http();
        http.get("/api/v1/search/id/tt0372784"); // a miss
        http.get("/api/v1/search/id/tt0372784"); // a hit
        assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(429); // over MAX_THRESHOLD=2

        String exposed = http.get("/metrics").body();
        Set<String> queried = queriedMetrics(Path.of("../docs/grafana/cinemix.json"));

        assertThat(queried).contains("cinemix_omdb_budget_remaining", "cinemix_omdb_calls_total",
                "cinemix_coalesced_waits_total", "cinemix_omdb_circuit_open", "http_server_requests_seconds_bucket",
                "http_server_requests_seconds_count");
        for (String metric : queried) {
            assertThat(exposed).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
        }
        assertThat(exposed)
                .containsPattern("(?m)^http_server_requests_seconds_count\\{.*cache=\"hit\".*uri=\"/api/v1/search/id\"")
                .containsPattern("(?m)^http_server_requests_seconds_count\\{.*status=\"429\"");
    }

    @Test
    void answersLivenessAndReadinessApartAndSaysWhetherItRunsDegraded() {
        Http.Response live = app.http().get("/health/live");
        Http.Response ready = app.http().get("/health/ready");

        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json()).containsEntry("status", "UP");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json()).containsEntry("status", "READY").containsEntry("degraded", false);
    }

    private static Set<String> queriedMetrics(Path dashboard) throws Exception {
        Map<?, ?> json = JsonMapper.createDefault().readValue(Files.readString(dashboard), Map.class);
        Set<String> metrics = new TreeSet<>();
        for (Object panel : (List<?>) json.get("panels")) {
            for (Object target : (List<?>) ((Map<?, ?>) panel).get("targets")) {
                Matcher m = METRIC.matcher((String) ((Map<?, ?>) target).get("expr"));
                while (m.find()) {
                    metrics.add(m.group(1));
                }
            }
        }
        return metrics;
    }
}
