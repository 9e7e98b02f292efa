package io.cinemix.adapter.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class AccessLogTest extends HttpTestSupport {
    private final Logger access = (Logger) LoggerFactory.getLogger("io.cinemix.access");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void capture() {
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void release() {
        access.detachAppender(lines);
    }

    @Test
    void logsOneLinePerRequestWithTheCacheAnswerAndNoQuery() {
        http.get("/api/v1/search/id/tt0372784");
        http.get("/api/v1/search/id/?id=tt0372784");
        http.get("/api/v1/search/?query=batman");

        List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(logged).hasSize(3);
        assertThat(logged.get(0)).startsWith("GET /api/v1/search/id/tt0372784 200 ").endsWith(" cache=miss");
        assertThat(logged.get(1)).startsWith("GET /api/v1/search/id/ 200 ").endsWith(" cache=hit");
        assertThat(logged.get(2)).startsWith("GET /api/v1/search/ 200 ").contains(" client=")
                .endsWith(" cache=bypass").doesNotContain("batman");
    }

    @Test
    void logsTheCacheAnswerOfAHeadAndOfANotModifiedAndNoneForAnError() {
        String etag = http.get("/api/v1/search/id/tt0372784").header("ETag");
        http.send("HEAD", "/api/v1/search/id/tt0372784");
        http.get("/api/v1/search/id/tt0372784", "If-None-Match", etag);
        http.get("/api/v1/search/id/tt12");

        List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(logged).hasSize(4);
        assertThat(logged.get(1)).startsWith("HEAD /api/v1/search/id/tt0372784 200 ").endsWith(" cache=hit");
        assertThat(logged.get(2)).startsWith("GET /api/v1/search/id/tt0372784 304 ").endsWith(" cache=hit");
        assertThat(logged.get(3)).startsWith("GET /api/v1/search/id/tt12 400 ").doesNotContain("cache=");
    }

    @Test
    void logsCacheMissForTheNotFoundTheUpstreamGaveAndCacheHitForTheOneRememberedAsUnknown() {
        http.get("/api/v1/search/id/tt9999901");
        http.get("/api/v1/search/id/tt9999901");

        List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0)).startsWith("GET /api/v1/search/id/tt9999901 404 ").endsWith(" cache=miss");
        assertThat(logged.get(1)).startsWith("GET /api/v1/search/id/tt9999901 404 ").endsWith(" cache=hit");
    }
}
