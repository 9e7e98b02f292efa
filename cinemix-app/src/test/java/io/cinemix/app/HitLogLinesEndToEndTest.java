package io.cinemix.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At the default log level (INFO) a cache hit writes one line, the access line, which carries the request and the
 * cache's answer; the core's own "Cache hit" lines are DEBUG. Lines are counted as the root logger sees them (every
 * logger, every level the app lets through), from just before the hit to its answer.
 */
class HitLogLinesEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-hitlines-7e21";
    @AutoClose
    private static OmdbStub omdb;
    /** Near cache on (the default): a details hit is answered from memory. */
    @AutoClose
    private static RunningApp app;
    /** Near cache off: a details hit is read from Redis. */
    @AutoClose
    private static RunningApp redisOnly;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        String redis = LocalRedis.shared().url();
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis,
                "max-threshold", "100000", "search-cache-ttl", "600", "log-level", "INFO");
        redisOnly = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis,
                "max-threshold", "100000", "near-cache-ttl", "0", "log-level", "INFO");
    }

    @BeforeEach
    void capture() {
        LocalRedis.shared().command("FLUSHDB");
        omdb.reset();
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void release() {
        root().detachAppender(log);
    }

    @Test
    void aDetailsHitFromMemoryWritesExactlyOneLineTheAccessLineWithItsPathAndCacheHit() {
        assertThat(linesOfTheSecond(app.http(), "/api/v1/search/id/tt0372784", "cinemix; hit"))
                .singleElement().satisfies(line -> assertThat(line)
                        .startsWith("INFO io.cinemix.access GET /api/v1/search/id/tt0372784 200 ")
                        .endsWith(" cache=hit"));
    }

    @Test
    void aDetailsHitFromRedisWritesExactlyOneLineTheAccessLine() {
        assertThat(linesOfTheSecond(redisOnly.http(), "/api/v1/search/id/tt0372784", "cinemix; hit"))
                .singleElement().satisfies(line -> assertThat(line)
                        .startsWith("INFO io.cinemix.access GET /api/v1/search/id/tt0372784 200 ")
                        .endsWith(" cache=hit"));
    }

    @Test
    void aSearchHitWritesExactlyOneLineTheAccessLine() {
        assertThat(linesOfTheSecond(app.http(), "/api/v1/search/?query=batman", "cinemix; hit"))
                .singleElement().satisfies(line -> assertThat(line)
                        .startsWith("INFO io.cinemix.access GET /api/v1/search/ 200 ").endsWith(" cache=hit"));
    }

    @Test
    void anUnknownIdAnsweredFromTheNegativeCacheWritesExactlyOneLineTheAccessLine() {
        // Remembered as unknown: a hit of the negative cache, said by the 404's Cache-Status and its access line.
        assertThat(linesOfTheSecond(app.http(), "/api/v1/search/id/" + OmdbStub.UNKNOWN_ID, "cinemix; hit"))
                .singleElement().satisfies(line -> assertThat(line)
                        .startsWith("INFO io.cinemix.access GET /api/v1/search/id/" + OmdbStub.UNKNOWN_ID + " 404 ")
                        .endsWith(" cache=hit"));
        assertThat(omdb.detailCalls(OmdbStub.UNKNOWN_ID)).as("the second answered from the negative cache").isEqualTo(1);
    }

    /**
     * Asks {@code path} twice (the first fills the cache), checks the second's {@code Cache-Status} header (none when
     * {@code cacheStatus} is null) and returns the lines logged for it, as "LEVEL logger message".
     */
    private List<String> linesOfTheSecond(Http http, String path, String cacheStatus) {
        http.get(path);
        int before = log.list.size();
        Http.Response second = http.get(path);
        assertThat(second.header("Cache-Status")).isEqualTo(cacheStatus);
        return log.list.subList(before, log.list.size()).stream()
                .map(event -> event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage())
                .toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
