package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code MANAGEMENT_PORT} moves {@code /metrics} and {@code /health/*} off the API port: the API port answers them 404
 * with the JSON error body, the management port answers them and nothing else.
 */
class ManagementPortEndToEndTest {
    private static final List<String> OPERATOR_PATHS = List.of("/health", "/health/live", "/health/ready", "/metrics");
    @AutoClose
    private static RunningApp app;
    private static int managementPort;
    private static Http api;
    private static Http management;

    @BeforeAll
    static void start() throws MalformedURLException {
        managementPort = LocalRedis.freePort();
        app = RunningApp.start("management-port", Integer.toString(managementPort));
        api = app.http();
        management = new Http(URI.create("http://127.0.0.1:" + managementPort).toURL(),
                app.context().getBean(JsonMapper.class));
    }

    @Test
    void answersTheOperatorEndpointsOnTheManagementPort() {
        for (String path : OPERATOR_PATHS) {
            assertThat(management.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(management.get("/metrics").body()).contains("cinemix_upstream_requests_total");
        assertThat(management.get("/health").json()).containsEntry("status", "UP");
    }

    @Test
    void answersTheOperatorEndpointsNotFoundWithTheJsonErrorBodyOnTheApiPort() {
        for (String path : OPERATOR_PATHS) {
            Http.Response response = api.get(path);

            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(response.json()).as(path).containsEntry("error_code", "404")
                    .containsOnlyKeys("error_code", "message");
        }
    }

    @Test
    void servesTheApiOnTheApiPortOnlyAndReportsThatPortAsTheServers() {
        assertThat(app.context().getBean(EmbeddedServer.class).getPort()).isNotEqualTo(managementPort);
        assertThat(api.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200);

        Http.Response onManagement = management.get("/api/v1/search/id/tt0372784");

        assertThat(onManagement.status()).isEqualTo(404);
        assertThat(onManagement.json()).containsEntry("error_code", "404");
        assertThat(management.get("/docs/index.html").status()).isEqualTo(404);
        assertThat(onManagement.header("RateLimit")).as("no rate-limit token spent").isNull();
    }

    @Test
    void keepsEveryEndpointOnTheApiPortWhenTheManagementPortIsUnset() {
        try (RunningApp plain = RunningApp.start()) {
            for (String path : OPERATOR_PATHS) {
                assertThat(plain.http().get(path).status()).as(path).isEqualTo(200);
            }
            assertThat(plain.http().get("/api/v1/search/id/tt0372784").status()).isEqualTo(200);
        }
    }
}
