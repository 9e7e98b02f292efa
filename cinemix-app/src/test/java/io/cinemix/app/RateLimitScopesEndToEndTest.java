package io.cinemix.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RATE_LIMIT_SCOPE and TRUSTED_PROXIES on the assembled app (the tests connect from 127.0.0.1, declared a trusted
 * proxy): per client, two forwarded clients have a limit each; global, they share one.
 */
class RateLimitScopesEndToEndTest {
    private static EmbeddedServer perClient;
    private static EmbeddedServer global;

    @BeforeAll
    static void start() {
        perClient = run("client");
        global = run("global");
    }

    private static EmbeddedServer run(String scope) {
        return ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", "-1",
                "cinemix.max-threshold", "2",
                "cinemix.rate-limit-scope", scope,
                "cinemix.trusted-proxies", "127.0.0.1, 10.0.0.0/8"), "test");
    }

    @AfterAll
    static void stop() {
        for (EmbeddedServer server : new EmbeddedServer[] {perClient, global}) {
            if (server != null) {
                server.getApplicationContext().close();
            }
        }
    }

    private static Http http(EmbeddedServer server) {
        return new Http(server.getURL(), server.getApplicationContext().getBean(JsonMapper.class));
    }

    @Test
    void givesEachForwardedClientItsOwnLimitBehindATrustedProxy() {
        Http http = http(perClient);
        for (int i = 0; i < 2; i++) {
            assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113.7, 10.0.0.2").status())
                    .isEqualTo(200);
        }

        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113.7, 10.0.0.2").status())
                .isEqualTo(429);
        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "198.51.100.4").status())
                .isEqualTo(200);
    }

    @Test
    void sharesOneLimitInGlobalScope() {
        Http http = http(global);
        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "198.51.100.4").status()).isEqualTo(200);

        Http.Response third = http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "192.0.2.1");

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isNotNull();
    }
}
