package io.cinemix.adapter.http;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@Property(name = "test.rate-limit.scope", value = "global")
@Property(name = "test.trusted-proxies", value = "127.0.0.1")
class GlobalRateLimitTest extends HttpTestSupport {

    @Test
    void sharesOneLimitBetweenAllClientsInGlobalScope() {
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "203.0.113." + i).status())
                    .isEqualTo(200);
        }

        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "198.51.100.7").status())
                .isEqualTo(429);
    }
}
