package io.cinemix.adapter.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cinemix.testsupport.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
    void keysForwardedIpv6ClientsByTheirSlash64() {
        for (int i = 1; i <= 10; i++) {
            http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "2001:db8:1:2::" + i);
        }

        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "2001:db8:1:2:aaaa::99").status())
                .isEqualTo(429);
        assertThat(http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "2001:db8:1:3::1").status())
                .isEqualTo(200);
    }

    @Test
    void logsTheClientItCountsTheRequestFor() {
        Logger access = (Logger) LoggerFactory.getLogger("io.cinemix.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try {
            http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "192.0.2.200, 203.0.113.9, 10.1.2.3");
            http.get("/api/v1/search/?query=batman", "X-Forwarded-For", "2001:db8::7");
        } finally {
            access.detachAppender(lines);
        }

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
                first -> assertThat(first).contains(" client=203.0.113.9 "),
                second -> assertThat(second).contains(" client=2001:db8:0:0:0:0:0:7 "));
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
