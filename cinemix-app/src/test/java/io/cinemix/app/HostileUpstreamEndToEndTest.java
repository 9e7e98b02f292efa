package io.cinemix.app;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile upstream, end to end: the real app (a fresh one per case, so that failures do not add up to an open
 * circuit) against a real Redis and an OMDb stub that answers a details lookup in ways meant to exhaust, mislead or
 * stall a proxy. Each is a clean 502 or 504 in the contract's shape, within {@code OMDB_TIMEOUT} (2 s here), with
 * nothing cached and nothing of the upstream's answer or the key in the body.
 */
class HostileUpstreamEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-hostile-7e2a";
    private static final String ID = "tt0000666";
    private static final long OMDB_TIMEOUT_MILLIS = 2_000;
    /**
     * The answer's bound: the dripped body, cut at OMDB_TIMEOUT, took 2.1 s at load average 9 on 2 cores (the others
     * 0.1-0.9 s), nearly 3 × less; an uncut drip (a byte a second) would take over 10 minutes.
     */
    private static final long ANSWER_BOUND_MILLIS = 3 * OMDB_TIMEOUT_MILLIS;
    @AutoClose
    private static OmdbStub omdb;
    /** The host a redirect points to; it must never be called. */
    @AutoClose
    private static OmdbStub elsewhere;
    private static LocalRedis redis;

    enum Hostility {
        TEN_MEGABYTE_BODY(502, stub -> OmdbStub.movie(ID).withBody(
                OmdbStub.BATMAN_BEGINS.replace("tt0372784", ID).replace("Bruce learns.", "x".repeat(10 << 20)))),
        BODY_DRIPPED_ONE_BYTE_A_SECOND(504, stub -> {
            int bytes = OmdbStub.BATMAN_BEGINS.length();
            return OmdbStub.movie(ID).withChunkedDribbleDelay(bytes, bytes * 1_000);
        }),
        REDIRECT_TO_ANOTHER_HOST(502, stub -> aResponse().withStatus(302)
                .withHeader("Location", stub.baseUrl() + "?i=" + ID + "&apikey=" + KEY)),
        HTML_WITH_STATUS_200(502, stub -> aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><body>Batman Begins, apikey=" + KEY + "</body></html>")),
        SIXTY_FOUR_KILOBYTE_HEADER(502, stub -> OmdbStub.movie(ID).withHeader("X-Padding", "p".repeat(64 << 10)));

        final int status;
        final Function<OmdbStub, ResponseDefinitionBuilder> answer;

        Hostility(int status, Function<OmdbStub, ResponseDefinitionBuilder> answer) {
            this.status = status;
            this.answer = answer;
        }
    }

    @BeforeAll
    static void startStubs() {
        omdb = new OmdbStub(KEY);
        elsewhere = new OmdbStub(KEY);
    }

    @BeforeEach
    void emptyCacheAndJournals() {
        redis = LocalRedis.shared(); // flushed: cache and budget empty
        omdb.reset();
        elsewhere.reset();
    }

    private static RunningApp app() {
        return RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "omdb-timeout", Long.toString(OMDB_TIMEOUT_MILLIS / 1_000), "max-threshold", "100000",
                "near-cache-ttl", "0");
    }

    @ParameterizedTest
    @EnumSource(Hostility.class)
    void answersAHostileUpstreamWithACleanGatewayErrorInTimeCachingAndLeakingNothing(Hostility hostility) {
        omdb.answer(ID, hostility.answer.apply(elsewhere));
        try (RunningApp app = app()) {
            long start = System.nanoTime();
            Http.Response response = app.http().get("/api/v1/search/id/" + ID);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.status()).isEqualTo(hostility.status);
            assertThat(response.json()).containsOnlyKeys("error_code", "message")
                    .containsEntry("error_code", Integer.toString(hostility.status));
            assertThat(response.body()).hasSizeLessThan(300).doesNotContain(KEY).doesNotContainIgnoringCase("html")
                    .doesNotContain("Batman").doesNotContain("xxx")
                    .doesNotContain("127.0.0.1");
            assertThat(millis).as("bounded by OMDB_TIMEOUT").isLessThan(ANSWER_BOUND_MILLIS);
            assertThat(omdb.detailCalls(ID)).isEqualTo(1);
            assertThat(elsewhere.calls()).as("the redirect is not followed").isZero();
            assertThat(redis.command("EXISTS", "movie_" + ID)).isEqualTo(":0");
            assertThat(redis.command("EXISTS", "missing_" + ID)).isEqualTo(":0");
        }
    }
}
