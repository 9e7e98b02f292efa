package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How few OMDb calls the real app makes (real Redis, OMDb stub, WireMock's journal counting the calls): one per key
 * under concurrency (details and searches), one per unknown id, and stale-if-error with grace.
 */
class QuotaEconomyEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-economy-9d2e";
    @AutoClose
    private static OmdbStub omdb;
    private static LocalRedis redis;
    @AutoClose
    private static RunningApp app;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.shared();
        // The near cache is off: this test ages, deletes or cuts off Redis entries under the app and must see Redis.
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "cache-ttl", "60", "cache-grace", "600", "max-threshold", "100000", "near-cache-ttl", "0");
    }

    @BeforeEach
    void emptyCacheAndJournal() {
        redis.command("FLUSHDB");
        omdb.reset();
    }

    @Test
    void makesOneUpstreamCallForFiftyConcurrentColdRequestsForTheSameId() throws Exception {
        // OMDb takes 1.5 s to answer SLOW_ID: the 50 requests overlap the one call.
        List<Http.Response> responses = concurrently(50, () -> app.http().get("/api/v1/search/id/" + OmdbStub.SLOW_ID));

        assertThat(responses).extracting(Http.Response::status).containsOnly(200);
        assertThat(responses).extracting(r -> r.json().get("imdb_id")).containsOnly(OmdbStub.SLOW_ID);
        assertThat(omdb.detailCalls(OmdbStub.SLOW_ID)).isEqualTo(1);
        assertThat(redis.command("EXISTS", "movie_" + OmdbStub.SLOW_ID)).isEqualTo(":1");
    }

    @Test
    void makesOneUpstreamCallForFiftyConcurrentIdenticalSearches() throws Exception {
        // OMDb takes 1.5 s to answer: the 50 searches overlap the one call.
        omdb.answerSearch("batman", OmdbStub.batmanSearchAfter(1500));

        List<Http.Response> responses = concurrently(50, () -> app.http().get("/api/v1/search/?query=batman"));

        assertThat(responses).extracting(Http.Response::status).containsOnly(200);
        assertThat(responses).extracting(r -> r.json().get("total_results")).containsOnly(responses.get(0).json()
                .get("total_results"));
        assertThat(omdb.searchCalls("batman")).isEqualTo(1);
        assertThat(responses).extracting(r -> r.header("Cache-Status")).as("SEARCH_CACHE_TTL is 0")
                .containsOnly("cinemix; fwd=bypass");
        assertThat(responses).extracting(r -> r.header("Cache-Control")).containsOnly("no-store");
        assertThat(responses).extracting(r -> r.header("ETag")).containsOnly((String) null);
    }

    @Test
    void remembersAnUnknownIdUnderItsOwnKeySoFiveLookupsCostOneCall() {
        List<Http.Response> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(app.http().get("/api/v1/search/id/" + OmdbStub.UNKNOWN_ID));
        }

        assertThat(responses).extracting(Http.Response::status).containsOnly(404);
        assertThat(responses).extracting(r -> r.json().get("error_code")).containsOnly("404");
        assertThat(omdb.detailCalls(OmdbStub.UNKNOWN_ID)).isEqualTo(1);
        assertThat(redis.command("EXISTS", "missing_" + OmdbStub.UNKNOWN_ID)).isEqualTo(":1");
        assertThat(redis.command("EXISTS", "movie_" + OmdbStub.UNKNOWN_ID)).isEqualTo(":0");
        assertThat(Long.parseLong(redis.command("TTL", "missing_" + OmdbStub.UNKNOWN_ID).substring(1)))
                .isBetween(290L, 300L);
    }

    @Test
    void letsClientsCacheTheNotFoundOfAnUnknownIdForTheTimeRedisRemembersIt() {
        Http.Response first = app.http().get("/api/v1/search/id/" + OmdbStub.UNKNOWN_ID);
        redis.command("EXPIRE", "missing_" + OmdbStub.UNKNOWN_ID, "120"); // aged: 180 of its 300 s gone
        Http.Response later = app.http().get("/api/v1/search/id/" + OmdbStub.UNKNOWN_ID);
        redis.command("DEL", "missing_" + OmdbStub.UNKNOWN_ID);
        redis.command("CONFIG", "SET", "maxmemory", "1"); // Redis refuses writes: the next unknown id is not remembered
        Http.Response unremembered;
        try {
            unremembered = app.http().get("/api/v1/search/id/" + OmdbStub.UNKNOWN_ID);
        } finally {
            redis.command("CONFIG", "SET", "maxmemory", "0");
        }

        assertThat(first.status()).isEqualTo(404);
        assertThat(first.header("Cache-Control")).matches("public, max-age=(299|300)");
        assertThat(later.header("Cache-Control")).matches("public, max-age=(119|120)");
        assertThat(unremembered.status()).isEqualTo(404);
        assertThat(unremembered.header("Cache-Control")).isEqualTo("no-store");
        assertThat(omdb.detailCalls(OmdbStub.UNKNOWN_ID)).isEqualTo(2);
    }

    @Test
    void servesAnEntryPastItsTtlMarkedStaleWhenOmdbFailsAndRefreshesItWhenOmdbWorks() {
        Http http = app.http();
        assertThat(http.get("/api/v1/search/id/tt0372784").header("Cache-Status"))
                .isEqualTo("cinemix; fwd=miss; stored");
        assertThat(ttl("movie_tt0372784")).as("stored for CACHE_TTL + CACHE_GRACE").isBetween(650L, 660L);
        Http.Response fresh = http.get("/api/v1/search/id/tt0372784");
        assertThat(fresh.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(fresh.header("Cache-Control")).as("the TTL left in Redis, minus the grace")
                .matches("public, max-age=(59|60), stale-if-error=600");

        redis.command("EXPIRE", "movie_tt0372784", "300"); // aged: 60 s TTL over, 5 of its 10 min of grace left
        omdb.answer("tt0372784", aResponse().withStatus(500));
        Http.Response stale = http.get("/api/v1/search/id/tt0372784");

        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("Cache-Status")).isEqualTo("cinemix; hit; detail=stale");
        assertThat(stale.header("Cache-Control")).isEqualTo("public, max-age=0, stale-if-error=600");
        assertThat(stale.header("Age")).as("stored 660 s before, 300 s left").isIn("360", "361");
        assertThat(stale.json()).containsEntry("imdb_id", "tt0372784").containsEntry("title", "Batman Begins");
        assertThat(omdb.detailCalls("tt0372784")).as("the refresh was tried").isEqualTo(2);

        omdb.answer("tt0372784", OmdbStub.movie("tt0372784"));
        Http.Response refreshed = http.get("/api/v1/search/id/tt0372784");
        Http.Response hit = http.get("/api/v1/search/id/tt0372784");

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(ttl("movie_tt0372784")).isBetween(650L, 660L);
        assertThat(hit.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(omdb.detailCalls("tt0372784")).isEqualTo(3);
    }

    @Test
    void neverServesAnEntryPastItsGraceEvenWhenOmdbFails() {
        Http http = app.http();
        assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200);
        redis.command("DEL", "movie_tt0372784"); // what Redis does once TTL + grace are over
        omdb.answer("tt0372784", aResponse().withStatus(500));

        Http.Response gone = http.get("/api/v1/search/id/tt0372784");

        assertThat(gone.status()).isEqualTo(502);
        assertThat(omdb.detailCalls("tt0372784")).isEqualTo(2);
    }

    private static long ttl(String key) {
        return Long.parseLong(redis.command("TTL", key).substring(1));
    }

    /** Runs {@code request} {@code n} times at once (released together) and answers every response. */
    static List<Http.Response> concurrently(int n, Supplier<Http.Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.get();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> future : futures) {
                responses.add(future.get(20, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
