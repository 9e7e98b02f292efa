package io.cinemix.app;

import io.cinemix.testsupport.Http;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The configured limit (MAX_THRESHOLD=3) on the assembled app, with a spoofed X-Forwarded-For. */
class RateLimitEndToEndTest {
    @AutoClose
    private static RunningApp app;
    private static Http http;

    @BeforeAll
    static void start() {
        app = RunningApp.start("max-threshold", "3", "window-size", "60", "bucket-size", "10");
        http = app.http();
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
