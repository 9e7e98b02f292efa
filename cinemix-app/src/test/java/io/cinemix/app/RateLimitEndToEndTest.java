package io.cinemix.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured limit (MAX_THRESHOLD=3) on the assembled app, with a spoofed X-Forwarded-For. */
class RateLimitEndToEndTest {
    private static EmbeddedServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", "-1",
                "cinemix.max-threshold", "3",
                "cinemix.window-size", "60",
                "cinemix.bucket-size", "10"), "test");
        http = new Http(server.getURL(), server.getApplicationContext().getBean(JsonMapper.class));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    @Test
    void rejectsTheFourthRequestDespiteASpoofedForwardedForAndSaysWhenToRetry() {
        for (int i = 0; i < 3; i++) {
            Http.Response ok = http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113." + i);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"default\";q=3;w=60");
            assertThat(ok.header("RateLimit")).startsWith("\"default\";r=" + (2 - i) + ";t=");
        }

        Http.Response rejected = http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "198.51.100.1");

        assertThat(rejected.status()).isEqualTo(429);
        assertThat(rejected.json()).containsEntry("error_code", "429");
        assertThat(Long.parseLong(rejected.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }
}
