package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar ({@code target/cinemix-app.jar}, built by {@code package}) launched as a real process: the startup
 * rules, checked on exit codes, and a run with a sentinel OMDb key that must appear in no response and no log line.
 */
class CinemixJarIT {
    private static final List<String> VARIABLES = List.of("PORT", "OMDB_API_KEY", "OMDB_BASE_URL", "REDIS_URL",
            "REDIS_PASSWORD", "REDIS_DB", "CACHE_TTL", "CACHE_GRACE", "NEGATIVE_CACHE_TTL", "OMDB_DAILY_BUDGET",
            "OMDB_TIMEOUT", "BUCKET_SIZE", "WINDOW_SIZE", "MAX_THRESHOLD",
            "RATE_LIMIT_SCOPE", "TRUSTED_PROXIES", "LOG_LEVEL", "LOG_FORMAT", "CORS_ALLOWED_ORIGINS",
            "NEAR_CACHE_TTL", "REQUEST_HEAD_TIMEOUT", "MAX_CONNECTIONS_PER_CLIENT", "MAX_CONNECTIONS",
            "MANAGEMENT_PORT", "OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL",
            "OTEL_SERVICE_NAME", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG");

    private record Launched(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    @Test
    void exitsWithOneErrorLineWithinTenSecondsWhenTheConfiguredRedisIsUnreachable() throws Exception {
        int closedPort = LocalRedis.freePort();
        Launched app = launch(Map.of("PORT", Integer.toString(LocalRedis.freePort()),
                "REDIS_URL", "redis://:pa55word-S3CRET@127.0.0.1:" + closedPort));

        assertThat(refusal(app)).contains(" ERROR ").contains("127.0.0.1:" + closedPort).contains("REDIS_URL")
                .doesNotContain("pa55word-S3CRET");
    }

    @Test
    void refusesToStartOnABadSettingWithOneLineNamingTheVariable() throws Exception {
        Launched app = launch(Map.of("PORT", Integer.toString(LocalRedis.freePort()), "MAX_THRESHOLD", "abc"));

        assertThat(refusal(app)).contains(" ERROR ")
                .endsWith(" - MAX_THRESHOLD must be a whole number from 1 to 1048575, got 'abc'.");
    }

    @Test
    void refusesToStartWhenTheManagementPortIsTheApiPortWithOneLineNamingIt() throws Exception {
        String port = Integer.toString(LocalRedis.freePort());
        Launched app = launch(Map.of("PORT", port, "MANAGEMENT_PORT", port));

        assertThat(refusal(app)).contains(" ERROR ")
                .endsWith(" - MANAGEMENT_PORT must differ from PORT (" + port + "), got '" + port + "'.");
    }

    @Test
    void refusesToStartOnATracesExporterItDoesNotHaveWithOneLineNamingIt() throws Exception {
        Launched app = launch(Map.of("PORT", Integer.toString(LocalRedis.freePort()), "OTEL_TRACES_EXPORTER", "zipkin"));

        assertThat(refusal(app)).contains(" ERROR ")
                .endsWith(" - OTEL_TRACES_EXPORTER must be 'otlp' or 'none', got 'zipkin'.");
    }

    @Test
    void tracesToTheCollectorWithTheKeyMaskedAndTagsEachLineOfARequestWithItsTraceWhenOtlpIsSet() throws Exception {
        String key = "K3Y-SENTINEL-" + UUID.randomUUID().toString().substring(0, 8);
        try (OmdbStub omdb = new OmdbStub(key); OtlpReceiver receiver = new OtlpReceiver()) {
            int port = LocalRedis.freePort();
            Launched app = launch(Map.of("PORT", Integer.toString(port), "OMDB_API_KEY", key,
                    "OMDB_BASE_URL", omdb.baseUrl(), "REDIS_URL", LocalRedis.shared().url(), "MAX_THRESHOLD", "100",
                    "OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_SERVICE_NAME", "cinemix-it", "OTEL_BSP_SCHEDULE_DELAY", "10"));
            try {
                Http http = new Http(new URL("http://127.0.0.1:" + port), ObjectMapper.getDefault());
                awaitHealthy(http, app);
                omdb.answer("tt5300001", OmdbStub.movie("tt5300001"));
                assertThat(http.get("/api/v1/search/id/tt5300001").status()).isEqualTo(200);
                assertThat(http.get("/api/v1/search/id/" + OmdbStub.SERVER_ERROR_ID).status()).isEqualTo(502);
                receiver.await("the OMDb spans", spans -> spans.stream()
                        .filter(s -> s.attributes().containsKey("url.full")).count() == 2);
            } finally {
                app.process().destroy();
                app.process().waitFor(15, TimeUnit.SECONDS);
            }
            assertThat(receiver.spans()).allSatisfy(span -> assertThat(span.service()).isEqualTo("cinemix-it"));
            assertThat(receiver.spans()).as("/health is not traced")
                    .noneMatch(span -> span.name().contains("health"));
            assertThat(receiver.everyByte()).contains("apikey=***").doesNotContain(key);
            String output = app.output();
            assertThat(output).doesNotContain(key);
            String omdbLine = output.lines().filter(line -> line.contains("OMDb details id=tt5300001")).findFirst()
                    .orElseThrow();
            java.util.regex.Matcher ids = java.util.regex.Pattern
                    .compile(" trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16})$").matcher(omdbLine);
            assertThat(ids.find()).as(omdbLine).isTrue();
            assertThat(receiver.trace(ids.group(1))).as("the line's trace was exported")
                    .anySatisfy(span -> assertThat(span.spanId()).isEqualTo(ids.group(2)));
            assertThat(output.lines().filter(line -> line.contains("io.cinemix.access - GET /api/v1/search/id/tt5300001")))
                    .singleElement().asString().contains(" trace_id=" + ids.group(1) + " ");
            assertThat(output.lines().filter(line -> line.contains("GET /health ")))
                    .as("no span, no ids").allSatisfy(line -> assertThat(line).doesNotContain("trace_id="));
        }
    }

    @Test
    void writesTheTraceAndSpanIdsAsFieldsOfTheJsonLinesOfATracedRequest() throws Exception {
        String key = "K3Y-SENTINEL-" + UUID.randomUUID().toString().substring(0, 8);
        try (OmdbStub omdb = new OmdbStub(key); OtlpReceiver receiver = new OtlpReceiver()) {
            int port = LocalRedis.freePort();
            Launched app = launch(Map.of("PORT", Integer.toString(port), "OMDB_API_KEY", key,
                    "OMDB_BASE_URL", omdb.baseUrl(), "LOG_FORMAT", "json", "MAX_THRESHOLD", "100",
                    "OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_BSP_SCHEDULE_DELAY", "10"));
            List<Map<String, Object>> lines = new ArrayList<>();
            try {
                Http http = new Http(new URL("http://127.0.0.1:" + port), ObjectMapper.getDefault());
                awaitHealthy(http, app);
                assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200);
                receiver.await("the OMDb span", spans -> spans.stream()
                        .anyMatch(s -> s.attributes().containsKey("url.full")));
            } finally {
                app.process().destroy();
                app.process().waitFor(15, TimeUnit.SECONDS);
            }
            for (String line : app.output().split("\n")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = ObjectMapper.getDefault().readValue(line, Map.class);
                lines.add(event);
            }
            assertThat(lines).filteredOn(event -> String.valueOf(event.get("message")).startsWith("Cache miss for"))
                    .singleElement().satisfies(event -> {
                        assertThat(event.get("trace_id")).asString().matches("[0-9a-f]{32}");
                        assertThat(event.get("span_id")).asString().matches("[0-9a-f]{16}");
                        assertThat(receiver.trace((String) event.get("trace_id"))).isNotEmpty();
                    });
            assertThat(app.output()).doesNotContain(key);
        }
    }

    /** The one line a refusal to start prints: no stack trace, nothing else. */
    /** The one line of an app that refused to start: it exited with status 1 within 10 s. */
    private static String refusal(Launched app) throws InterruptedException, IOException {
        boolean exited = app.process().waitFor(10, TimeUnit.SECONDS);
        if (!exited) {
            app.process().destroyForcibly();
        }
        assertThat(exited).as("exited within 10 s").isTrue();
        assertThat(app.process().exitValue()).isEqualTo(1);
        return onlyLine(app.output());
    }

    private static String onlyLine(String output) {
        assertThat(output).doesNotContain("\tat ").doesNotContain("Caused by");
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as(output).hasSize(1);
        return lines.get(0);
    }

    @Test
    void servesTheContractAndNeverShowsTheApiKeyInAResponseOrALogLine() throws Exception {
        String key = "K3Y-SENTINEL-" + UUID.randomUUID().toString().substring(0, 8);
        LocalRedis redis = LocalRedis.shared();
        try (OmdbStub omdb = new OmdbStub(key)) {
            int port = LocalRedis.freePort();
            Launched app = launch(Map.of("PORT", Integer.toString(port), "OMDB_API_KEY", key,
                    "OMDB_BASE_URL", omdb.baseUrl(), "REDIS_URL", redis.url(), "LOG_LEVEL", "DEBUG",
                    "MAX_THRESHOLD", "100"));
            try {
                Http http = new Http(new URL("http://127.0.0.1:" + port), ObjectMapper.getDefault());
                awaitHealthy(http, app);
                List<Http.Response> responses = new ArrayList<>();
                responses.add(http.get("/health"));
                responses.add(http.get("/api/v1/search/?query=batman"));
                responses.add(http.get("/api/v1/search/id/tt0372784"));
                responses.add(http.get("/api/v1/search/id/?id=tt0372784&plot="));
                responses.add(http.get("/api/v1/search/id/tt9999999"));
                responses.add(http.get("/api/v1/search/id/tt0000500"));
                responses.add(http.get("/api/v1/search/?query=a"));
                responses.add(http.get("/api/v1/search/?query=batman&page=0"));
                responses.add(http.get("/api/v1/nowhere", "Accept", "text/html"));
                responses.add(http.raw("GET /api/v1/search/?query=%zz HTTP/1.1"));
                responses.add(http.get("/api/v1/search/id/tt0000401")); // OMDb: "Request limit reached!"
                responses.add(http.get("/api/v1/search/?query=batman")); // budget spent: no OMDb call

                assertThat(responses).extracting(Http.Response::status)
                        .containsExactly(200, 200, 200, 200, 404, 502, 400, 400, 404, 400, 503, 503);
                assertThat(responses.get(0).object("cache")).containsEntry("backend", "redis");
                assertThat(responses.get(0).json()).containsEntry("catalog", "omdb");
                assertThat(responses.get(2).header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
                assertThat(responses.get(3).header("Cache-Status")).isEqualTo("cinemix; hit");
                assertThat(Long.parseLong(responses.get(11).header("Retry-After"))).isBetween(1L, 86_400L);
                assertThat(redis.command("EXISTS", "movie_tt0372784")).isEqualTo(":1");
                for (Http.Response response : responses) {
                    assertThat(response.body()).doesNotContain(key);
                    assertThat(response.headers().toString()).doesNotContain(key);
                }

                redis.command("FLUSHDB"); // a new budget day

                CompletableFuture<Http.Response> inFlight =
                        CompletableFuture.supplyAsync(() -> http.get("/api/v1/search/id/" + OmdbStub.SLOW_ID));
                awaitUpstreamCall(omdb, inFlight);
                app.process().destroy(); // SIGTERM while OMDb is still answering: graceful shutdown lets it finish

                assertThat(inFlight.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
                assertThat(app.process().waitFor(15, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            } finally {
                app.process().destroy();
                app.process().waitFor(15, TimeUnit.SECONDS);
            }
            String output = app.output();
            assertThat(output).contains("GET /api/v1/search/id/" + OmdbStub.SLOW_ID + " 200")
                    .contains("GET /api/v1/search/id/tt0372784 200").contains("Cache hit for tt0372784")
                    .contains("Cache miss for tt0372784").contains("apikey=***")
                    .containsPattern("INFO  io.cinemix.access - GET /api/v1/search/id/ 200 [0-9]+ ms client=\\S+ cache=hit");
            assertThat(output).as("LOG_LEVEL=DEBUG honoured").contains(" DEBUG ");
            assertThat(output).as("no log line carries the key").doesNotContain(key);
            assertThat(output).doesNotContain("Exception in thread");
        }
    }

    @Test
    void writesOneJsonObjectPerLineWithTheAccessFactsAsFieldsAndTheKeyMaskedWhenLogFormatIsJson() throws Exception {
        String key = "K3Y-SENTINEL-" + UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> lines = new ArrayList<>();
        try (OmdbStub omdb = new OmdbStub(key)) {
            int port = LocalRedis.freePort();
            Launched app = launch(Map.of("PORT", Integer.toString(port), "OMDB_API_KEY", key,
                    "OMDB_BASE_URL", omdb.baseUrl(), "LOG_FORMAT", "json", "MAX_THRESHOLD", "100"));
            try {
                Http http = new Http(new URL("http://127.0.0.1:" + port), ObjectMapper.getDefault());
                awaitHealthy(http, app);
                assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200);
                assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200);
                assertThat(http.get("/api/v1/search/id/tt0000500").status()).isEqualTo(502); // its body holds the key
            } finally {
                app.process().destroy();
                app.process().waitFor(15, TimeUnit.SECONDS);
            }
            String output = app.output();
            assertThat(output).doesNotContain(key).contains("apikey=***");
            for (String line : output.split("\n")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = ObjectMapper.getDefault().readValue(line, Map.class);
                assertThat(event).as(line).containsKeys("timestamp", "level", "logger", "message");
                lines.add(event);
            }
        }
        assertThat(lines).anySatisfy(event -> assertThat(event)
                .containsEntry("logger", "io.cinemix.access").containsEntry("method", "GET")
                .containsEntry("path", "/api/v1/search/id/tt0372784").containsEntry("status", 200)
                .containsEntry("cache", "hit").containsKeys("duration_ms", "client"));
        assertThat(lines).anySatisfy(event -> assertThat(event).containsEntry("level", "WARN")
                .extractingByKey("message").asString().startsWith("Cache miss for tt0372784"));
    }

    private static void awaitUpstreamCall(OmdbStub omdb, CompletableFuture<?> request) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (omdb.detailCalls(OmdbStub.SLOW_ID) == 0 && !request.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(omdb.detailCalls(OmdbStub.SLOW_ID)).as("the slow request reached OMDb").isEqualTo(1);
    }

    private static void awaitHealthy(Http http, Launched app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!app.process().isAlive()) {
                throw new AssertionError("the app exited: " + app.output());
            }
            try {
                if (http.get("/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the app did not answer /health within 30 s: " + app.output());
    }

    private static Launched launch(Map<String, String> environment) throws IOException {
        Path jar = Path.of(System.getProperty("cinemix.jar", "target/cinemix-app.jar"));
        assertThat(jar).as("run 'package' first").exists();
        Path log = Files.createTempFile("cinemix-app-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeAll(VARIABLES);
        builder.environment().putAll(environment);
        return new Launched(builder.start(), log);
    }
}
