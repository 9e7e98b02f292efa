package io.cinemix.app;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stale-while-revalidate on the real app: two instances on one real Redis (near cache on), CACHE_TTL 60 s,
 * CACHE_STALE_WHILE_REVALIDATE 600 s, OMDb stubbed and its journal counting the calls. An entry is put past its
 * freshness by hand ({@code SET movie_<id> … EX 300}: stored 360 s ago, 300 s of the window left), so that neither
 * instance holds a near copy of it and no test waits for a TTL to run out.
 */
class StaleWhileRevalidateEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-swr-41c7";
    /** How long OMDb takes to answer a refresh: the stale answers must not wait for it. */
    private static final int SLOW_MILLIS = 1_500;
    /** How long a test waits for something the background refresh does (not a speed bound). */
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final AtomicInteger NEXT_ID = new AtomicInteger(5_200_000);
    private static OmdbStub omdb;
    private static LocalRedis redis;
    private static List<RunningApp> apps;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.shared();
        apps = IntStream.range(0, 2).mapToObj(i -> RunningApp.start("omdb-api-key", KEY, "omdb-base-url",
                omdb.baseUrl(), "redis-url", redis.url(), "cache-ttl", "60", "cache-stale-while-revalidate", "600",
                "max-threshold", "100000")).toList();
    }

    @AfterAll
    static void stop() {
        apps.forEach(RunningApp::close);
        omdb.close();
    }

    @BeforeEach
    void emptyJournal() {
        omdb.reset();
    }

    @Test
    void answersTheStoredCopyAtOnceAndMakesOneRefreshForSixRequestsOverTwoInstances() {
        String id = storedPastItsTtl();
        omdb.answer(id, renamed(id, "Batman Begins (refreshed)").withFixedDelay(SLOW_MILLIS));

        List<Http.Response> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(app(i).get("/api/v1/search/id/" + id));
        }
        awaitUntil(() -> omdb.detailCalls(id) == 1, "the refresh reached OMDb");
        String storedWhileOmdbHoldsTheRefresh = redis.command("GET", "movie_" + id);

        assertThat(answers).extracting(Http.Response::status).containsOnly(200);
        assertThat(answers).extracting(r -> r.header("Cache-Status")).containsOnly("cinemix; hit; detail=stale");
        assertThat(answers).extracting(r -> r.json().get("title")).containsOnly("Batman Begins");
        assertThat(answers).extracting(r -> r.header("Cache-Control")).as("300 s of the window left")
                .allMatch(value -> value.matches("public, max-age=0, stale-while-revalidate=(29[0-9]|300)"));
        assertThat(answers).extracting(r -> r.header("Age")).as("stored 660 - 300 s ago")
                .allMatch(age -> age.matches("36[0-9]"));
        assertThat(answers).extracting(r -> r.header("ETag")).doesNotContainNull().containsOnly(answers.get(0)
                .header("ETag"));
        assertThat(storedWhileOmdbHoldsTheRefresh).as("every stale answer came while OMDb still held the refresh")
                .contains("\"title\":\"Batman Begins\"");

        awaitUntil(() -> redis.command("GET", "movie_" + id).contains("(refreshed)"), "the refresh stored");
        Http.Response onA = app(0).get("/api/v1/search/id/" + id);
        Http.Response onB = app(1).get("/api/v1/search/id/" + id);

        assertThat(List.of(onA, onB)).extracting(r -> r.header("Cache-Status")).containsOnly("cinemix; hit");
        assertThat(List.of(onA, onB)).extracting(r -> r.json().get("title")).containsOnly("Batman Begins (refreshed)");
        assertThat(onA.header("Cache-Control")).matches("public, max-age=(59|60), stale-while-revalidate=600");
        assertThat(omdb.detailCalls(id)).as("one refresh for 6 stale answers on 2 instances").isEqualTo(1);
        assertThat(Long.parseLong(redis.command("TTL", "movie_" + id).substring(1)))
                .as("stored again for CACHE_TTL + the window").isBetween(650L, 660L);
        assertThat(redis.command("EXISTS", "lease_{movie_" + id + "}")).as("released").isEqualTo(":0");
    }

    @Test
    void keepsAnsweringTheStoredCopyWhenTheRefreshFails() {
        String id = storedPastItsTtl();
        omdb.answer(id, aResponse().withStatus(500));

        Http.Response first = app(0).get("/api/v1/search/id/" + id);
        awaitUntil(() -> omdb.detailCalls(id) == 1, "the refresh reached OMDb");
        awaitUntil(() -> redis.command("EXISTS", "lease_{movie_" + id + "}").equals(":0"), "the refresh ended");
        Http.Response afterTheFailure = app(0).get("/api/v1/search/id/" + id);
        Http.Response elsewhere = app(1).get("/api/v1/search/id/" + id);

        assertThat(List.of(first, afterTheFailure, elsewhere)).extracting(Http.Response::status).containsOnly(200);
        assertThat(List.of(first, afterTheFailure, elsewhere)).extracting(r -> r.header("Cache-Status"))
                .containsOnly("cinemix; hit; detail=stale");
        assertThat(List.of(first, afterTheFailure, elsewhere)).extracting(r -> r.json().get("title"))
                .containsOnly("Batman Begins");
        assertThat(Long.parseLong(redis.command("TTL", "movie_" + id).substring(1))).as("nothing stored")
                .isLessThanOrEqualTo(300L);
    }

    /**
     * A new id whose {@code movie_<id>} holds Batman's details with 300 s to live: 360 s old, past CACHE_TTL, within
     * the window. Its value is a details answer's body (the shape the cache stores) of another id, renamed.
     */
    private static String storedPastItsTtl() {
        String other = "tt" + NEXT_ID.getAndIncrement();
        String id = "tt" + NEXT_ID.getAndIncrement();
        omdb.answer(other, OmdbStub.movie(other));
        Http.Response answer = app(0).get("/api/v1/search/id/" + other);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(redis.command("SET", "movie_" + id, answer.body().replace(other, id), "EX", "300"))
                .isEqualTo("+OK");
        return id;
    }

    private static Http app(int n) {
        return apps.get(n % apps.size()).http();
    }

    private static ResponseDefinitionBuilder renamed(String id, String title) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(OmdbStub.BATMAN_BEGINS.replace("tt0372784", id).replace("Batman Begins", title));
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting until " + what).isNegative();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
