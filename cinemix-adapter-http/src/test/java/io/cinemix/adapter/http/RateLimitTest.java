package io.cinemix.adapter.http;

import io.cinemix.testsupport.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class RateLimitTest extends HttpTestSupport {

    @Test
    void writesDraft10HeadersOnEveryApiResponse() {
        Http.Response ok = http.get("/api/v1/search/?query=batman");
        Http.Response bad = http.get("/api/v1/search/?query=");
        Http.Response unknown = http.get("/api/v1/unknown");

        assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"default\";q=10;w=60");
        assertThat(ok.header("RateLimit")).isEqualTo("\"default\";r=9;t=60");
        assertThat(bad.header("RateLimit")).isEqualTo("\"default\";r=8;t=60");
        assertThat(unknown.header("RateLimit-Policy")).isEqualTo("\"default\";q=10;w=60");
        assertThat(unknown.header("RateLimit")).isEqualTo("\"default\";r=7;t=60");
    }

    @Test
    void rejectsEleventhRequestInWindowWith429AndRetryAfter() {
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/api/v1/search/?query=batman").status()).isEqualTo(200);
        }
        int calls = catalog.calls();
        ticker.advanceSeconds(15);

        Http.Response rejected = http.get("/api/v1/search/?query=batman");

        assertError(rejected, 429);
        assertThat(rejected.header("Retry-After")).isEqualTo("45");
        assertThat(rejected.header("RateLimit")).isEqualTo("\"default\";r=0;t=45");
        assertThat(rejected.header("RateLimit-Policy")).isEqualTo("\"default\";q=10;w=60");
        assertThat(catalog.calls()).isEqualTo(calls);
    }

    @Test
    void admitsAgainOnceTheWindowHasSlid() {
        for (int i = 0; i < 10; i++) {
            http.get("/api/v1/search/?query=batman");
        }
        assertThat(http.get("/api/v1/search/?query=batman").status()).isEqualTo(429);

        ticker.advanceSeconds(61);

        assertThat(http.get("/api/v1/search/?query=batman").status()).isEqualTo(200);
    }

    @Test
    void ignoresSpoofedForwardedForWithoutATrustedProxy() {
        for (int i = 0; i < 10; i++) {
            http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113." + i);
        }

        Http.Response eleventh = http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "198.51.100.7");

        assertThat(eleventh.status()).isEqualTo(429);
    }

    @Test
    void neverLimitsHealth() {
        for (int i = 0; i < 10; i++) {
            http.get("/api/v1/search/?query=batman");
        }

        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/search/?query=batman").status()).isEqualTo(429);
    }
}
