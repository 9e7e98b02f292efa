package io.cinemix.adapter.http;

import io.cinemix.testsupport.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The test client connects from 127.0.0.1, which is a trusted proxy here. */
@MicronautTest
@Property(name = "test.trusted-proxies", value = "127.0.0.1, 10.0.0.0/8")
class TrustedProxyRateLimitTest extends HttpTestSupport {

    @Test
    void keysByTheForwardedClientBehindATrustedProxy() {
        for (int i = 0; i < 10; i++) {
            http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113.9");
        }

        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113.9").status())
                .isEqualTo(429);
        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "198.51.100.7").status())
                .isEqualTo(200);
    }

    @Test
    void takesTheRightmostUntrustedHopSoAPrependedAddressDoesNotHelp() {
        for (int i = 0; i < 10; i++) {
            http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "192.0.2." + i + ", 203.0.113.9, 10.1.2.3");
        }

        Http.Response response = http.get("/api/v1/search/?query=batman",
                "X-Forwarded-For", "192.0.2.200, 203.0.113.9, 10.1.2.3");

        assertThat(response.status()).isEqualTo(429);
    }

    @Test
    void fallsBackToThePeerOnAMalformedHop() {
        for (int i = 0; i < 10; i++) {
            http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "unknown");
        }

        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "1.2.3.4:80").status())
                .isEqualTo(429);
        assertThat(http.get("/api/v1/search/?query=batman").status()).isEqualTo(429);
    }
}
