package io.cinemix.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault suite, Redis side: the real app against a Redis of the test's own, killed ({@code SHUTDOWN NOSAVE}) then
 * restarted on the same port, or frozen ({@code kill -STOP}) then thawed. Requests keep answering through OMDb (one
 * call per key, coalescing still in force), nothing answers 5xx because of Redis, the outage is logged at ERROR a
 * few times (not once per request), and caching resumes by itself.
 *
 * <p>"No lost cache entries after recovery", as far as a cache can promise it: Redis runs with persistence off, so
 * what it held before it was killed is gone (each such key costs one upstream call, once, then is cached again); what
 * is stored after Redis is back is there and served as a hit; and while Redis is away no answer claims to be stored
 * ({@code Cache-Status: cinemix; fwd=miss}, never {@code stored}).
 */
class RedisOutageEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-outage-5b07";
    /** Redis commands are bounded by 300 ms (RedisSettings' default command timeout). */
    private static final long COMMAND_TIMEOUT_MILLIS = 300;
    /**
     * OMDb stub time plus scheduling on a loaded 2-core CI machine: a details lookup on a frozen Redis took 385 ms
     * (one command timeout) and a search 23 ms at load average 9 on 2 cores, so the bound is over 4 × the typical.
     */
    private static final long SLACK_MILLIS = 1_500;
    @AutoClose
    private static OmdbStub omdb;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final List<Http.Response> responses = new ArrayList<>();

    @BeforeAll
    static void startStub() {
        omdb = new OmdbStub(KEY);
    }

    @BeforeEach
    void captureLog() {
        omdb.reset();
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        root().detachAppender(log);
        assertThat(responses).as("no 5xx while Redis misbehaves").allSatisfy(r -> assertThat(r.status()).isLessThan(500));
    }

    @Test
    void keepsAnsweringThroughOmdbWhileRedisIsDownAndCachesAgainOnceItIsBack() throws Exception {
        try (LocalRedis redis = LocalRedis.startOwn();
             RunningApp app = app(redis)) {
            Http http = app.http();
            assertThat(get(http, "/api/v1/search/id/tt0372784").header("Cache-Status"))
                    .isEqualTo("cinemix; fwd=miss; stored");

            redis.shutdownNoSave();
            int errorsBefore = errorLines();

            Http.Response details = get(http, "/api/v1/search/id/tt0372784");
            List<Http.Response> burst = QuotaEconomyEndToEndTest.concurrently(50,
                    () -> http.get("/api/v1/search/id/" + OmdbStub.SLOW_ID));
            responses.addAll(burst);
            Http.Response search = get(http, "/api/v1/search/?query=batman");
            Http.Response unknown = get(http, "/api/v1/search/id/" + OmdbStub.UNKNOWN_ID);
            for (int i = 0; i < 20; i++) {
                get(http, "/api/v1/search/id/tt0372784");
            }
            Http.Response health = get(http, "/health");

            assertThat(details.status()).isEqualTo(200);
            assertThat(details.header("Cache-Status")).isEqualTo("cinemix; fwd=miss");
            assertThat(burst).extracting(Http.Response::status).containsOnly(200);
            assertThat(omdb.detailCalls(OmdbStub.SLOW_ID)).as("50 concurrent cold requests, Redis down").isEqualTo(1);
            assertThat(search.status()).isEqualTo(200);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(omdb.detailCalls("tt0372784")).as("1 before the outage, 1 per request during it").isEqualTo(22);
            assertThat(health.object("cache")).containsEntry("backend", "redis").containsEntry("reachable", false);
            // At most one per part that uses Redis: rate limits, cache, leases, budget, search cache (too-broad memory).
            assertThat(errorLines() - errorsBefore).as("ERROR lines for 74 requests during the outage")
                    .isBetween(1, 5);

            redis.restart();
            awaitHealth(http, cache -> Boolean.TRUE.equals(cache.get("reachable")));

            Http.Response refetched = get(http, "/api/v1/search/id/tt0372784");
            Http.Response hit = get(http, "/api/v1/search/id/tt0372784");

            // Persistence off: the entry stored before the kill is gone; fetched once more, stored, then a hit.
            assertThat(refetched.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
            assertThat(hit.header("Cache-Status")).isEqualTo("cinemix; hit");
            assertThat(redis.command("EXISTS", "movie_tt0372784")).isEqualTo(":1");
            assertThat(omdb.detailCalls("tt0372784")).isEqualTo(23);
            assertThat(redis.command("GET", "omdb_budget_" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)))
                    .as("the budget counts again in the new Redis").isEqualTo("1");
        }
    }

    @Test
    void answersWithinTheCommandTimeoutsPlusOmdbWhileRedisIsFrozenAndUsesItAgainOnceThawed() throws Exception {
        try (LocalRedis redis = LocalRedis.startOwn();
             RunningApp app = app(redis)) {
            Http http = app.http();
            assertThat(get(http, "/api/v1/search/id/tt0372784").header("Cache-Status"))
                    .isEqualTo("cinemix; fwd=miss; stored");

            redis.pause();
            long started = System.nanoTime();
            Http.Response frozenHit = get(http, "/api/v1/search/id/tt0372784");
            long hitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            started = System.nanoTime();
            Http.Response frozenSearch = get(http, "/api/v1/search/?query=batman");
            long searchMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            redis.resume();

            assertThat(frozenHit.status()).isEqualTo(200);
            assertThat(frozenHit.header("Cache-Status")).isEqualTo("cinemix; fwd=miss");
            assertThat(frozenSearch.status()).isEqualTo(200);
            // Bounded, not hanging: a details miss makes 4 Redis commands (read, negative-cache check, budget,
            // write); the first is cut at the command timeout, and the adapter's back-off (1 s) refuses the others at
            // once (counted, not timed, in RedisBackOffOutageTest). A search makes 2 (too-broad memory, budget), within
            // that back-off.
            assertThat(hitMillis).as("details lookup with Redis frozen, ms")
                    .isLessThan(COMMAND_TIMEOUT_MILLIS + SLACK_MILLIS);
            assertThat(searchMillis).as("search with Redis frozen, ms").isLessThan(COMMAND_TIMEOUT_MILLIS + SLACK_MILLIS);
            assertThat(omdb.detailCalls("tt0372784")).isEqualTo(2);

            // Thawed: /health PINGs Redis whatever the back-off says, and its answer ends the back-off (without it,
            // lookups within the back-off would still skip Redis). The entry stored before the freeze is still there
            // (nothing was written while frozen): the next lookup is a hit and OMDb is not called again.
            awaitHealth(http, cache -> Boolean.TRUE.equals(cache.get("reachable")));
            awaitHit(http, "/api/v1/search/id/tt0372784");
            assertThat(omdb.detailCalls("tt0372784")).isEqualTo(2);
        }
    }

    private static RunningApp app(LocalRedis redis) {
        // The near cache is off: this test ages, deletes or cuts off Redis entries under the app and must see Redis.
        return RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "max-threshold", "100000", "near-cache-ttl", "0");
    }

    private Http.Response get(Http http, String path) {
        Http.Response response = http.get(path);
        responses.add(response);
        return response;
    }

    /** Polls /health (every 50 ms, at most 20 s) until the cache part satisfies {@code condition}. */
    private void awaitHealth(Http http, Predicate<java.util.Map<String, Object>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.test(get(http, "/health").object("cache"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Redis not reachable again within 20 s of its restart");
    }

    /** Polls {@code path} (every 50 ms, at most 20 s) until it is a cache hit. */
    private void awaitHit(Http http, String path) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if ("cinemix; hit".equals(get(http, path).header("Cache-Status"))) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(path + " not a cache hit within 20 s of thawing Redis");
    }

    private int errorLines() {
        return (int) log.list.stream().filter(event -> event.getLevel() == Level.ERROR).count();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
