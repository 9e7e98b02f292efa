package io.cinemix.app;

import io.cinemix.testsupport.Http;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RATE_LIMIT_SCOPE and TRUSTED_PROXIES on the assembled app (the tests connect from 127.0.0.1, declared a trusted
 * proxy): per client, two forwarded clients have a limit each; global, they share one.
 */
class RateLimitScopesEndToEndTest {
    @AutoClose
    private static RunningApp perClient;
    @AutoClose
    private static RunningApp global;

    @BeforeAll
    static void start() {
        perClient = run("client");
        global = run("global");
    }

    private static RunningApp run(String scope) {
        return RunningApp.start("max-threshold", "2", "rate-limit-scope", scope,
                "trusted-proxies", "127.0.0.1, 10.0.0.0/8");
    }

    @Test
    void givesEachForwardedClientItsOwnLimitBehindATrustedProxy() {
        Http http = perClient.http();
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
        Http http = global.http();
        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "198.51.100.4").status()).isEqualTo(200);

        Http.Response third = http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "192.0.2.1");

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isNotNull();
    }
}
