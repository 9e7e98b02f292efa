package io.cinemix.app;

import io.cinemix.core.port.SearchKey;

import io.cinemix.adapter.redis.RedisKeys;

import io.cinemix.domain.SearchQuery;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SEARCH_CACHE_TTL on the real app: search pages in Redis under {@code search_<hash>}, with the details' HTTP caching
 * (real Redis, WireMock OMDb stub counting the calls). A second instance on the same Redis shares the entries, and
 * the lease of a cold search.
 */
class SearchCacheEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-searchcache-41c7";
    /** The key of "batman", page 1, no filters; "BATMAN" shares it. */
    private static final String BATMAN_KEY = RedisKeys.search(SearchKey.of(SearchQuery.of("batman")));
    @AutoClose
    private static OmdbStub omdb;
    private static LocalRedis redis;
    @AutoClose
    private static RunningApp app;
    @AutoClose
    private static RunningApp other;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.shared();
        String[] settings = {"omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "max-threshold", "100000", "search-cache-ttl", "600"};
        app = RunningApp.start(settings);
        other = RunningApp.start(settings);
    }

    @BeforeEach
    void emptyCacheAndJournal() {
        redis.command("FLUSHDB");
        omdb.reset();
    }

    @Test
    void storesASearchInRedisAndAnswersItAgainOnAnyInstanceWithoutAnOmdbCall() {
        Http.Response miss = app.http().get("/api/v1/search/?query=batman");
        Http.Response hit = other.http().get("/api/v1/search/?query=BATMAN");

        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(miss.header("Cache-Control")).isEqualTo("public, max-age=600");
        assertThat(miss.header("Age")).isEqualTo("0");
        assertThat(miss.header("ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(hit.header("Cache-Control")).matches("public, max-age=(599|600)");
        assertThat(hit.json()).containsEntry("query", "BATMAN")
                .containsEntry("total_results", miss.json().get("total_results"));
        assertThat(hit.json().get("results")).isEqualTo(miss.json().get("results"));
        assertThat(omdb.calls()).isEqualTo(1);
        assertThat(BATMAN_KEY).matches("search_[0-9a-f]{64}");
        assertThat(redis.command("EXISTS", BATMAN_KEY)).isEqualTo(":1");
        assertThat(redis.command("TTL", BATMAN_KEY)).matches(":(59\\d|600)");
    }

    @Test
    void givesAnAgedEntryTheFreshnessItHasLeftInRedis() {
        app.http().get("/api/v1/search/?query=batman");
        redis.command("EXPIRE", BATMAN_KEY, "100"); // aged: 500 of its 600 s gone

        Http.Response hit = app.http().get("/api/v1/search/?query=batman");

        assertThat(hit.header("Cache-Control")).matches("public, max-age=(99|100)");
        assertThat(hit.header("Age")).isIn("500", "501");
        assertThat(omdb.calls()).isEqualTo(1);
    }

    @Test
    void answersNotModifiedToARevalidatedSearchWithoutAnOmdbCall() {
        String etag = app.http().get("/api/v1/search/?query=batman&page=2").header("ETag");

        Http.Response notModified = other.http().get("/api/v1/search/?query=batman&page=2", "If-None-Match", etag);

        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        assertThat(omdb.calls()).isEqualTo(1);
    }

    @Test
    void makesOneOmdbCallForFiftyConcurrentIdenticalColdSearches() throws Exception {
        omdb.answerSearch("batman", OmdbStub.batmanSearchAfter(1500));

        List<Http.Response> responses = QuotaEconomyEndToEndTest.concurrently(50,
                () -> app.http().get("/api/v1/search/?query=batman"));

        assertThat(responses).extracting(Http.Response::status).containsOnly(200);
        assertThat(omdb.searchCalls("batman")).isEqualTo(1);
        assertThat(app.http().get("/api/v1/search/?query=batman").header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(omdb.searchCalls("batman")).isEqualTo(1);
    }

    @Test
    void makesOneOmdbCallForFiftyConcurrentColdSearchesSpreadOverTwoInstances() throws Exception {
        omdb.answerSearch("batman", OmdbStub.batmanSearchAfter(1500));
        AtomicInteger next = new AtomicInteger();

        List<Http.Response> responses = QuotaEconomyEndToEndTest.concurrently(50,
                () -> (next.getAndIncrement() % 2 == 0 ? app : other).http().get("/api/v1/search/?query=batman"));

        assertThat(responses).extracting(Http.Response::status).containsOnly(200);
        assertThat(responses).extracting(response -> response.header("Cache-Status"))
                .as("one instance fetched and stored, the other waited for its lease and read Redis")
                .contains("cinemix; fwd=miss; stored", "cinemix; hit");
        assertThat(omdb.searchCalls("batman")).isEqualTo(1);
        assertThat(redis.command("EXISTS", "lease_{" + BATMAN_KEY + "}")).as("released").isEqualTo(":0");
    }

    @Test
    void keepsAnsweringSearchesThroughOmdbWhenRedisRefusesWrites() {
        redis.command("CONFIG", "SET", "maxmemory", "1");
        Http.Response notStored;
        try {
            notStored = app.http().get("/api/v1/search/?query=batman");
        } finally {
            redis.command("CONFIG", "SET", "maxmemory", "0");
        }

        assertThat(notStored.status()).isEqualTo(200);
        assertThat(notStored.header("Cache-Status")).isEqualTo("cinemix; fwd=miss");
        assertThat(app.http().get("/api/v1/search/?query=batman").header("Cache-Status"))
                .isEqualTo("cinemix; fwd=miss; stored");
        assertThat(omdb.calls()).isEqualTo(2);
    }
}
