package io.cinemix.app;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTest {
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @BeforeEach
    void start() {
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void isHealthyWhenHealthAnswersOk() {
        server.stubFor(get("/health").willReturn(aResponse().withStatus(200).withBody("{\"status\":\"UP\"}")));

        assertThat(HealthProbe.isHealthy(health())).isTrue();
    }

    @Test
    void isUnhealthyWhenHealthAnswersAnError() {
        server.stubFor(get("/health").willReturn(aResponse().withStatus(503)));

        assertThat(HealthProbe.isHealthy(health())).isFalse();
    }

    @Test
    void isUnhealthyWhenNothingListens() {
        URI health = health();
        server.stop();

        assertThat(HealthProbe.isHealthy(health)).isFalse();
    }

    @Test
    void asksTheManagementPortWhenItIsSetElseThePort() {
        assertThat(HealthProbe.health(Map.of("PORT", "8080", "MANAGEMENT_PORT", "9090")))
                .isEqualTo(URI.create("http://127.0.0.1:9090/health"));
        assertThat(HealthProbe.health(Map.of("PORT", "8080", "MANAGEMENT_PORT", "")))
                .isEqualTo(URI.create("http://127.0.0.1:8080/health"));
        assertThat(HealthProbe.health(Map.of())).isEqualTo(URI.create("http://127.0.0.1:8000/health"));
    }

    private URI health() {
        return URI.create("http://127.0.0.1:" + server.port() + "/health");
    }
}
