package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a details request, or a search with SEARCH_CACHE_TTL, costs in Redis round trips on the real app (counted by
 * the connection, as {@code cinemix.redis.round.trips}; a pipelined batch is one) on a standalone Redis: the
 * rate-limit decision; one script that reads the entry and its marker (unknown id, too-broad search) or, finding
 * neither, takes the lease and spends the budget; one that stores the entry, releases the lease and publishes its one
 * change notice. On a Redis Cluster: {@link RedisClusterRoundTripsEndToEndTest}.
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
        return app.context().getBean(PrometheusMeterRegistry.class).get(name).functionCounter().count();
    }

    private static void awaitCounterAbove(String name, double value) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (counter(name) <= value) {
            assertThat(Instant.now()).as(name + " to move").isBefore(deadline);
            Thread.onSpinWait();
        }
    }
}
