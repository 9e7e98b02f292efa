package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics} counts what the quota economy did, in Prometheus' text format. */
class MetricsEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-metrics";
    @AutoClose
    private static OmdbStub omdb;
    @AutoClose
    private static RunningApp app;
    private static Http http;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        LocalRedis redis = LocalRedis.shared(); // flushed: cache and budget empty
        // The near cache is off so that the second lookup is read from Redis and counted there.
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "omdb-daily-budget", "50",
                "redis-url", redis.url(), "near-cache-ttl", "0",
                "max-threshold", "1000");
        http = app.http();
    }

    private static double metric(String scrape, String name) {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.E+-]+)$").matcher(scrape);
        assertThat(value.find()).as("%s in /metrics", name).isTrue();
        return Double.parseDouble(value.group(2));
    }

    @Test
    void countsOmdbCallsBudgetAndNegativeHitsInPrometheusFormat() throws Exception {
        assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200); // hit: no call
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                pool.submit(() -> http.get("/api/v1/search/id/tt9999999")).get();
            }
        } finally {
            pool.shutdownNow();
        }

        Http.Response response = http.get("/metrics");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        String scrape = response.body();
        assertThat(metric(scrape, "cinemix_omdb_calls_total")).isEqualTo(2.0);
        assertThat(metric(scrape, "cinemix_omdb_budget_remaining")).isEqualTo(48.0);
        assertThat(metric(scrape, "cinemix_negative_hits_total")).isEqualTo(2.0);
        assertThat(metric(scrape, "cinemix_omdb_circuit_open")).isEqualTo(0.0);
        assertThat(metric(scrape, "cinemix_quota_refusals_total")).isEqualTo(0.0);
        assertThat(metric(scrape, "cinemix_redis_cache_hits_total")).isEqualTo(1.0);
        assertThat(metric(scrape, "cinemix_redis_cache_misses_total")).isPositive();
        assertThat(metric(scrape, "cinemix_redis_cache_errors_total")).isEqualTo(0.0);
        assertThat(metric(scrape, "cinemix_log_lines_dropped_total")).isGreaterThanOrEqualTo(0.0);
        assertThat(scrape).contains("jvm_memory_used_bytes").doesNotContain(KEY);
        assertThat(response.header("RateLimit")).as("not rate-limited, like /health").isNull();
    }

    @Test
    void tagsEveryAnswerWithTheCacheAnswerItCarried() {
        try (RunningApp offline = RunningApp.start()) {
            Http client = offline.http();
            client.get("/api/v1/search/?query=batman");
            String etag = client.get("/api/v1/search/id/tt0372784").header("ETag");
            client.send("HEAD", "/api/v1/search/id/tt0372784");
            assertThat(client.get("/api/v1/search/id/tt0372784", "If-None-Match", etag).status()).isEqualTo(304);
            client.get("/api/v1/search/id/tt12");

            String scrape = client.get("/metrics").body();

            assertThat(requests(scrape, "bypass", "GET", "200", "/api/v1/search")).isEqualTo(1.0);
            assertThat(requests(scrape, "miss", "GET", "200", "/api/v1/search/id")).isEqualTo(1.0);
            assertThat(requests(scrape, "hit", "HEAD", "200", "/api/v1/search/id")).isEqualTo(1.0);
            assertThat(requests(scrape, "hit", "GET", "304", "/api/v1/search/id")).isEqualTo(1.0);
            assertThat(requests(scrape, "none", "GET", "400", "/api/v1/search/id")).isEqualTo(1.0);
        }
    }

    /** The count of {@code http_server_requests_seconds} with these tags. */
    private static double requests(String scrape, String cache, String method, String status, String uri) {
        return metric(scrape, "http_server_requests_seconds_count{cache=\"" + cache + "\",method=\"" + method
                + "\",status=\"" + status + "\",uri=\"" + uri + "\"}");
    }
}
