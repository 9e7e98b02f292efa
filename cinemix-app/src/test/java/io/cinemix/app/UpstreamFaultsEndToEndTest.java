package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault suite, upstream side: the real app (a fresh one per test, so that one test's failures do not open another's
 * circuit) against a real Redis and the OMDb stub, which misbehaves in every way OMDb or the network can. Each case
 * asserts the status, the contract body and the exact number of calls the stub received (WireMock's journal).
 */
class UpstreamFaultsEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-faults-41c9";
    @AutoClose
    private static OmdbStub omdb;
    private static LocalRedis redis;

    @BeforeAll
    static void startStub() {
        omdb = new OmdbStub(KEY);
    }

    @BeforeEach
    void emptyCacheAndJournal() {
        redis = LocalRedis.shared(); // flushed: cache and budget empty
        omdb.reset();
    }

    /** The app with Redis, a 1 s OMDb timeout and a rate limit out of the way, plus {@code more} settings. */
    private static RunningApp app(String... more) {
        String[] base = {"omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "omdb-timeout", "1", "max-threshold", "100000", "near-cache-ttl", "0"}; // The near cache is off: this test ages, deletes or cuts off Redis entries under the app and must see Redis.
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return RunningApp.start(all);
    }

    /**
     * {@code callsPerLookup}: what the stub sees per lookup. A connection dropped before any answer is the exception:
     * the JDK's HttpClient (inside the OMDb adapter) silently retries an idempotent GET once after such a drop, so
     * OMDb sees 2 calls while the daily budget counts 1.
     */
    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
            "HTTP 500 with an HTML page, " + OmdbStub.SERVER_ERROR_ID + ", 502, 1",
            "HTTP 200 with an HTML body, " + OmdbStub.HTML_ID + ", 502, 1",
            "HTTP 200 with JSON cut in half, " + OmdbStub.GARBAGE_JSON_ID + ", 502, 1",
            "no answer within OMDB_TIMEOUT, " + OmdbStub.HANGING_ID + ", 504, 1",
            "connection reset by peer, " + OmdbStub.CONNECTION_RESET_ID + ", 502, 2"})
    void answersEachUpstreamFaultWithItsStatusAndExactCallsAndCachesNothing(String fault, String id, int status,
                                                                            int callsPerLookup) {
        try (RunningApp app = app()) {
            Http.Response first = app.http().get("/api/v1/search/id/" + id);
            Http.Response second = app.http().get("/api/v1/search/id/" + id);

            for (Http.Response response : new Http.Response[]{first, second}) {
                assertThat(response.status()).as(fault).isEqualTo(status);
                assertThat(response.json()).containsEntry("error_code", Integer.toString(status));
                assertThat(response.body()).doesNotContain(KEY).doesNotContain("html").doesNotContain("Batman");
            }
            assertThat(omdb.detailCalls(id)).as("upstream calls for two lookups (failures are not cached)")
                    .isEqualTo(2 * callsPerLookup);
            assertThat(redis.command("EXISTS", "movie_" + id)).isEqualTo(":0");
            assertThat(redis.command("EXISTS", "missing_" + id)).isEqualTo(":0");
            assertThat(app.http().get("/health").object("upstream"))
                    .containsEntry("circuit", "closed").containsEntry("budget_remaining", 1000 - 2);
        }
    }

    @Test
    void stopsCallingOmdbOnceItSaysRequestLimitReachedUntilTheBudgetResetsWhileCacheHitsStillWork() {
        try (RunningApp app = app()) {
            Http http = app.http();
            assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200); // cached now

            Http.Response limit = http.get("/api/v1/search/id/" + OmdbStub.LIMIT_REACHED_ID);
            int callsWhenLimitReached = omdb.calls();
            Http.Response missedDetails = http.get("/api/v1/search/id/" + OmdbStub.UNKNOWN_ID);
            Http.Response missedSearch = http.get("/api/v1/search/?query=batman");
            Http.Response hit = http.get("/api/v1/search/id/tt0372784");
            Http.Response health = http.get("/health");

            assertThat(callsWhenLimitReached).isEqualTo(2);
            assertThat(omdb.calls()).as("no upstream call after 'Request limit reached!'").isEqualTo(2);
            for (Http.Response refused : new Http.Response[]{limit, missedDetails, missedSearch}) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.json()).containsEntry("error_code", "503");
                assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_400L);
            }
            assertThat(hit.status()).isEqualTo(200);
            assertThat(hit.header("Cache-Status")).isEqualTo("cinemix; hit");
            assertThat(health.object("upstream")).containsEntry("budget_remaining", 0);

            // The next UTC day: its budget key does not exist yet.
            redis.command("DEL", "omdb_budget_" + LocalDate.now(ZoneOffset.UTC));

            assertThat(http.get("/api/v1/search/?query=batman").status()).isEqualTo(200);
            assertThat(omdb.calls()).isEqualTo(3);
        }
    }

    @Test
    void answersBadGatewayForAnInvalidKeyOnEveryRouteWithoutCachingOrLeakingIt() {
        String wrongKey = "WR0NG-K3Y-SENTINEL";
        try (RunningApp app = app("omdb-api-key", wrongKey)) {
            Http.Response details = app.http().get("/api/v1/search/id/tt0372784");
            Http.Response again = app.http().get("/api/v1/search/id/tt0372784");
            Http.Response search = app.http().get("/api/v1/search/?query=batman");

            for (Http.Response response : new Http.Response[]{details, again, search}) {
                assertThat(response.status()).isEqualTo(502);
                assertThat(response.json()).containsEntry("error_code", "502");
                assertThat(response.body()).doesNotContain(wrongKey).doesNotContainIgnoringCase("api key");
            }
            assertThat(omdb.calls()).as("one call per request: a refused key is not cached").isEqualTo(3);
            assertThat(redis.command("EXISTS", "movie_tt0372784")).isEqualTo(":0");
            assertThat(redis.command("EXISTS", "missing_tt0372784")).isEqualTo(":0");
            // A refused key proves OMDb answers: it is no reason to open the circuit.
            assertThat(app.http().get("/health").object("upstream")).containsEntry("circuit", "closed");
        }
    }

    @Test
    void opensTheCircuitAfterFiveFailuresInARowThenMakesNoCallAndSpendsNoBudgetWhileOpen() {
        try (RunningApp app = app("cache-ttl", "60", "cache-grace", "600")) {
            Http http = app.http();
            assertThat(http.get("/api/v1/search/id/tt0372784").status()).isEqualTo(200); // cached: 1 call
            for (int i = 0; i < 5; i++) {
                assertThat(http.get("/api/v1/search/id/" + OmdbStub.SERVER_ERROR_ID).status()).isEqualTo(502);
            }
            assertThat(omdb.calls()).isEqualTo(6);
            assertThat(http.get("/health").object("upstream"))
                    .containsEntry("circuit", "open").containsEntry("budget_remaining", 1000 - 6);
            redis.command("EXPIRE", "movie_tt0372784", "300"); // 5 min to live, grace 10 min: stale

            Http.Response failing = http.get("/api/v1/search/id/" + OmdbStub.SERVER_ERROR_ID);
            Http.Response cold = http.get("/api/v1/search/id/" + OmdbStub.SLOW_ID);
            Http.Response search = http.get("/api/v1/search/?query=batman");
            Http.Response stale = http.get("/api/v1/search/id/tt0372784");

            assertThat(omdb.calls()).as("no upstream call while the circuit is open").isEqualTo(6);
            for (Http.Response refused : new Http.Response[]{failing, cold, search}) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.json()).containsEntry("error_code", "503");
                assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 30L);
            }
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.header("Cache-Status")).isEqualTo("cinemix; hit; detail=stale");
            assertThat(stale.json()).containsEntry("imdb_id", "tt0372784");
            assertThat(http.get("/health").object("upstream"))
                    .containsEntry("circuit", "open").containsEntry("budget_remaining", 1000 - 6);
        }
    }
}
