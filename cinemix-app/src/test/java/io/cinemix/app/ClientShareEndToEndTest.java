package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each client's share of the upstream (OMDB_CLIENT_SHARE) on two instances of the real app on one Redis: a client
 * that has caused its share of OMDb calls today gets 429 for what is not cached, others are still served, and the
 * share shows in the RateLimit fields of the answers that spent it. Clients are told apart by X-Forwarded-For from
 * the trusted loopback, as the rate limiter tells them apart.
 */
class ClientShareEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-client-share";
    private static final int SHARE = 3;
    private static OmdbStub omdb;
    private static LocalRedis redis;
    private static RunningApp a;
    private static RunningApp b;
    private static int nextId = 6_100_000;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.startOwn();
        String[] settings = {"omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "omdb-daily-budget", "40", "omdb-client-share", Integer.toString(SHARE), "max-threshold", "1000",
                "trusted-proxies", "127.0.0.1", "near-cache-ttl", "0"};
        a = RunningApp.start(settings);
        b = RunningApp.start(settings);
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        redis.close();
        omdb.close();
    }

    @Test
    void aGreedyClientStopsAtItsShareWhileAnotherClientIsStillServedAnUncachedTitle() {
        int before = omdb.calls();
        List<Http.Response> greedy = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            greedy.add(get(a, unknownId(), "198.51.100.1"));
        }

        assertThat(greedy).extracting(Http.Response::status).containsExactly(404, 404, 404, 429, 429);
        assertThat(omdb.calls() - before).isEqualTo(SHARE);
        assertThat(greedy.get(0).header("RateLimit-Policy")).isEqualTo("\"default\";q=1000;w=60, \"omdb\";q=3;w=86400");
        assertThat(greedy.get(0).header("RateLimit")).contains(", \"omdb\";r=2;t=");
        Http.Response refused = greedy.get(3);
        assertThat(refused.body()).contains("\"error_code\":\"429\"").contains("share of the movie catalog");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(refused.header("RateLimit")).contains(", \"omdb\";r=0;t=" + refused.header("Retry-After"));

        Http.Response other = get(a, knownId(), "198.51.100.2");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("RateLimit")).contains(", \"omdb\";r=2;t=");
        assertThat(omdb.calls() - before).isEqualTo(SHARE + 1);
    }

    @Test
    void twoInstancesDoNotDoubleAClientsShare() {
        int before = omdb.calls();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(get(i % 2 == 0 ? a : b, unknownId(), "198.51.100.3").status());
        }

        assertThat(statuses).containsExactly(404, 404, 404, 429);
        assertThat(omdb.calls() - before).isEqualTo(SHARE);
    }

    @Test
    void aClientPastItsShareStillGetsItsCacheHitsWhichCostNothing() {
        String cached = knownId();
        assertThat(get(b, cached, "198.51.100.5").status()).as("stored by another client").isEqualTo(200);
        for (int i = 0; i < SHARE; i++) {
            get(a, unknownId(), "198.51.100.4");
        }
        int before = omdb.calls();

        Http.Response hit = get(a, cached, "198.51.100.4");

        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(hit.header("RateLimit")).as("a hit spends no share").doesNotContain("omdb");
        assertThat(get(a, unknownId(), "198.51.100.4").status()).isEqualTo(429);
        assertThat(omdb.calls()).isEqualTo(before);
    }

    private static Http.Response get(RunningApp app, String id, String client) {
        return app.http().get("/api/v1/search/id/" + id, "X-Forwarded-For", client);
    }

    /** An id OMDb answers "Incorrect IMDb ID." for. */
    private static synchronized String unknownId() {
        String id = "tt" + nextId++;
        omdb.answer(id, aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"Response\":\"False\",\"Error\":\"Incorrect IMDb ID.\"}"));
        return id;
    }

    /** An id OMDb knows, not cached yet. */
    private static synchronized String knownId() {
        String id = "tt" + nextId++;
        omdb.answer(id, OmdbStub.movie(id));
        return id;
    }
}
