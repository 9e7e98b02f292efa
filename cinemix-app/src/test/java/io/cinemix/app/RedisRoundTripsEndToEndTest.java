package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LocalRedisCluster;
import io.cinemix.testsupport.OmdbStub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a details request, or a search with SEARCH_CACHE_TTL, costs in Redis round trips on the real app (counted by
 * the connection, as {@code cinemix.redis.round.trips}; a pipelined batch is one) on a standalone Redis: the
 * rate-limit decision; one script that reads the entry and its marker (unknown id, too-broad search) or, finding
 * neither, takes the lease and spends the budget; one that stores the entry, releases the lease and publishes its one
 * change notice. On a Redis Cluster, where the budget and the markers are in other slots than the entry, a details
 * miss reads (pipelined), takes the lease and spends the budget as separate steps, and its store still releases and
 * publishes in one script (the lease is in the entry's slot).
 */
class RedisRoundTripsEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-round-trips";
    private static OmdbStub omdb;
    private static LocalRedis redis;
    private static RunningApp app;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.startOwn();
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "max-threshold", "1000", "search-cache-ttl", "600");
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
        omdb.close();
    }

    @Test
    void aColdDetailsMissWithAGrantedLeaseMakesThreeRoundTripsTheRateLimitIncluded() {
        omdb.answer("tt5000001", OmdbStub.movie("tt5000001"));
        double before = counter("cinemix.redis.round.trips");
        int callsBefore = omdb.calls();

        assertThat(app.http().get("/api/v1/search/id/tt5000001").status()).isEqualTo(200);

        assertThat(counter("cinemix.redis.round.trips") - before).isEqualTo(3);
        assertThat(omdb.calls() - callsBefore).isEqualTo(1);
    }

    @Test
    void aColdDetailsMissOnARedisClusterMakesFiveRoundTripsTheRateLimitIncluded() {
        try (LocalRedisCluster cluster = LocalRedisCluster.start();
             RunningApp onCluster = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                     "redis-url", cluster.url(), "max-threshold", "1000")) {
            omdb.answer("tt5000003", OmdbStub.movie("tt5000003"));
            // Scripts loaded on the entry's node, the day's budget key known: what every later miss there finds.
            String warmUp = IntStream.range(5_000_100, 5_000_200).mapToObj("tt%07d"::formatted)
                    .filter(id -> cluster.nodeOf("movie_" + id) == cluster.nodeOf("movie_tt5000003"))
                    .findFirst().orElseThrow();
            assertThat(get(warmUp, onCluster)).isEqualTo("cinemix; fwd=miss; stored");
            double before = counter(onCluster, "cinemix.redis.round.trips");
            int callsBefore = omdb.calls();

            assertThat(get("tt5000003", onCluster)).isEqualTo("cinemix; fwd=miss; stored");

            assertThat(counter(onCluster, "cinemix.redis.round.trips") - before)
                    .as("the decision, the read, the lease, the budget, the store that releases").isEqualTo(5);
            assertThat(omdb.calls() - callsBefore).isEqualTo(1);
            assertThat(cluster.nodeOf("lease_{movie_tt5000003}").command("EXISTS", "lease_{movie_tt5000003}"))
                    .as("released with the store").isEqualTo(":0");
        }
    }

    @Test
    void theInstanceThatStoredAMovieKeepsItsNearCopyAndAnswersTheNextRequestWithTheRateLimitRoundTripAlone() {
        omdb.answer("tt5000002", OmdbStub.movie("tt5000002"));
        double noticesBefore = counter("cinemix.redis.change.notices");
        assertThat(app.http().get("/api/v1/search/id/tt5000002").status()).isEqualTo(200);
        awaitCounterAbove("cinemix.redis.change.notices", noticesBefore); // it heard its own notice
        assertThat(counter("cinemix.redis.change.notices") - noticesBefore).as("one notice per store").isEqualTo(1);

        double before = counter("cinemix.redis.round.trips");
        assertThat(app.http().get("/api/v1/search/id/tt5000002").header("Cache-Status")).isEqualTo("cinemix; hit");

        assertThat(counter("cinemix.redis.round.trips") - before).isEqualTo(1);
    }

    @Test
    void aColdSearchPageWithAGrantedLeaseMakesThreeRoundTripsTheRateLimitIncluded() {
        double before = counter("cinemix.redis.round.trips");
        int callsBefore = omdb.searchCalls("batman");

        Http.Response miss = app.http().get("/api/v1/search/?query=batman");

        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(counter("cinemix.redis.round.trips") - before).isEqualTo(3);
        assertThat(omdb.searchCalls("batman") - callsBefore).isEqualTo(1);
    }

    @Test
    void aColdSearchTheUpstreamCallsTooBroadIsRememberedInARoundTripOfItsOwnAndThenReadInOne() {
        double before = counter("cinemix.redis.round.trips");

        assertThat(app.http().get("/api/v1/search/?query=a").status()).isEqualTo(400);
        double cold = counter("cinemix.redis.round.trips") - before;
        double again = counter("cinemix.redis.round.trips");
        assertThat(app.http().get("/api/v1/search/?query=a&page=2").status()).isEqualTo(400);

        assertThat(cold).as("the rate limit, the claim, the marker's SET, the lease's release").isEqualTo(4);
        assertThat(counter("cinemix.redis.round.trips") - again).as("the rate limit and the read").isEqualTo(2);
        assertThat(omdb.searchCalls("a")).isEqualTo(1);
    }

    private static double counter(String name) {
        return counter(app, name);
    }

    private static double counter(RunningApp instance, String name) {
        return instance.context().getBean(PrometheusMeterRegistry.class).get(name).functionCounter().count();
    }

    private static String get(String id, RunningApp instance) {
        omdb.answer(id, OmdbStub.movie(id));
        return instance.http().get("/api/v1/search/id/" + id).header("Cache-Status");
    }

    private static void awaitCounterAbove(String name, double value) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (counter(name) <= value) {
            assertThat(Instant.now()).as(name + " to move").isBefore(deadline);
            Thread.onSpinWait();
        }
    }
}
