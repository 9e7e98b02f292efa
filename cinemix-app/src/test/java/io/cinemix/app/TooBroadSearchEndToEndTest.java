package io.cinemix.app;

import io.cinemix.adapter.redis.RedisKeys;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.SearchQuery;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * NEGATIVE_CACHE_TTL for searches on the real app: OMDb's "Too many results." is remembered (in Redis under
 * {@code too_broad_<hash>}, shared by every instance; in process without Redis), whatever SEARCH_CACHE_TTL is, and
 * asked again it is answered 400 at once, without an OMDb call (WireMock OMDb stub counting the calls).
 */
class TooBroadSearchEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-toobroad-5e21";
    private static final List<String> KEYSTROKES = List.of("b", "ba", "bat", "batm", "batma", "batman");
    private static final String B_KEY = RedisKeys.tooBroad(SearchTerms.of(SearchKey.of(SearchQuery.of("b"))));
    @AutoClose
    private static OmdbStub omdb;
    private static LocalRedis redis;
    /** SEARCH_CACHE_TTL=300. */
    @AutoClose
    private static RunningApp cached;
    /** Two instances on the same Redis, searches not cached (the default), NEGATIVE_CACHE_TTL=120. */
    @AutoClose
    private static RunningApp one;
    @AutoClose
    private static RunningApp other;
    /** Without Redis, searches not cached. */
    @AutoClose
    private static RunningApp inProcess;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.shared();
        String[] omdbSettings = {"omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "max-threshold", "100000"};
        cached = RunningApp.start(with(omdbSettings, "redis-url", redis.url(), "search-cache-ttl", "300"));
        one = RunningApp.start(with(omdbSettings, "redis-url", redis.url(), "negative-cache-ttl", "120"));
        other = RunningApp.start(with(omdbSettings, "redis-url", redis.url(), "negative-cache-ttl", "120"));
        inProcess = RunningApp.start(omdbSettings);
    }

    private static String[] with(String[] settings, String... more) {
        List<String> all = new ArrayList<>(List.of(settings));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** OMDb: "b" and "ba" match too many titles, the longer texts a page. */
    @BeforeEach
    void emptyRedisAndJournal() {
        redis.command("FLUSHDB");
        omdb.reset();
        for (String text : List.of("b", "ba")) {
            omdb.answerSearch(text, aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody("{\"Response\":\"False\",\"Error\":\"Too many results.\"}"));
        }
        for (String text : List.of("bat", "batm", "batma")) {
            omdb.answerSearch(text, OmdbStub.batmanSearchAfter(0));
        }
    }

    @Test
    void tenUsersTypingBatmanOneKeystrokeAtATimeCostSixOmdbCalls() {
        List<Http.Response> answers = new ArrayList<>();
        for (int user = 0; user < 10; user++) {
            for (String text : KEYSTROKES) {
                answers.add(cached.http().get("/api/v1/search/?query=" + text));
            }
        }

        assertThat(omdb.calls()).isEqualTo(6);
        for (String text : KEYSTROKES) {
            assertThat(omdb.searchCalls(text)).as(text).isEqualTo(1);
        }
        Http.Response fromOmdb = answers.get(0);
        for (int i = 0; i < answers.size(); i++) {
            Http.Response answer = answers.get(i);
            if (i % KEYSTROKES.size() < 2) {
                assertThat(answer.status()).isEqualTo(400);
                assertThat(answer.body()).isEqualTo(fromOmdb.body());
                assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
                assertThat(answer.header("Cache-Status")).isEqualTo(fromOmdb.header("Cache-Status"));
            } else {
                assertThat(answer.status()).isEqualTo(200);
            }
        }
        assertThat(fromOmdb.json()).containsEntry("error_code", "400")
                .containsEntry("message", "The query matches too many titles; please make it more specific.");
        assertThat(redis.command("EXISTS", B_KEY)).isEqualTo(":1");
        assertThat(redis.command("EXISTS", RedisKeys.search(SearchKey.of(SearchQuery.of("b")))))
                .as("a too-broad answer is no page").isEqualTo(":0");
    }

    @Test
    void answersATooBroadTextAgainWithoutAnOmdbCallOnThisInstanceAndOnAnotherOnTheSameRedis() {
        Http.Response fromOmdb = one.http().get("/api/v1/search/?query=b");
        Http.Response again = one.http().get("/api/v1/search/?query=b");
        Http.Response elsewhere = other.http().get("/api/v1/search/?query=%20B%20&page=3");

        assertThat(List.of(fromOmdb, again, elsewhere)).extracting(Http.Response::status).containsOnly(400);
        assertThat(again.body()).isEqualTo(fromOmdb.body());
        assertThat(elsewhere.body()).isEqualTo(fromOmdb.body());
        assertThat(elsewhere.header("Cache-Control")).isEqualTo("no-store");
        assertThat(omdb.calls()).isEqualTo(1);
        assertThat(B_KEY).matches("too_broad_[0-9a-f]{64}");
        assertThat(redis.command("GET", B_KEY)).isEqualTo("1");
        assertThat(redis.command("TTL", B_KEY)).matches(":(11\\d|120)");

        assertThat(other.http().get("/api/v1/search/?query=b&type=series").status()).as("other terms").isEqualTo(400);
        assertThat(omdb.calls()).isEqualTo(2);
    }

    @Test
    void answersATooBroadTextAgainWithoutAnOmdbCallInProcessWithoutRedis() {
        Http.Response fromOmdb = inProcess.http().get("/api/v1/search/?query=ba");
        Http.Response again = inProcess.http().get("/api/v1/search/?query=BA");
        Http.Response nextPage = inProcess.http().get("/api/v1/search/?query=ba&page=2");

        assertThat(List.of(fromOmdb, again, nextPage)).extracting(Http.Response::status).containsOnly(400);
        assertThat(nextPage.body()).isEqualTo(fromOmdb.body());
        assertThat(omdb.calls()).isEqualTo(1);
        assertThat(redis.command("EXISTS", RedisKeys.tooBroad(SearchTerms.of(SearchKey.of(SearchQuery.of("ba"))))))
                .as("nothing in Redis").isEqualTo(":0");
    }
}
