package io.cinemix.app;

import io.cinemix.adapter.redis.RedisKeys;
import io.cinemix.core.port.SearchKey;
import io.cinemix.domain.SearchQuery;
import io.cinemix.testsupport.LocalRedisCluster;
import io.cinemix.testsupport.OmdbStub;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cold details lookup or search page costs in Redis round trips on the real app on a real 3-master Redis
 * Cluster (counted by the connection, as {@code cinemix.redis.round.trips}; a pipelined batch is one). The budget and
 * the markers are in other slots than the entry, so the read (pipelined), the lease and the budget are separate
 * steps; the lease is hash-tagged into the entry's slot, so the store, the release and the change notice are one
 * script: 5 round trips with the rate-limit decision. Each miss is preceded by one on the same node, so that the
 * scripts are loaded there and the day's budget key is known, as for every later miss.
 */
class RedisClusterRoundTripsEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-cluster-round-trips";
    private static OmdbStub omdb;
    private static LocalRedisCluster cluster;
    private static RunningApp app;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        cluster = LocalRedisCluster.start();
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", cluster.url(),
                "max-threshold", "1000", "search-cache-ttl", "600");
    }

    @AfterAll
    static void stop() {
        app.close();
        cluster.close();
        omdb.close();
    }

    @Test
    void aColdDetailsMissMakesFiveRoundTripsTheRateLimitIncludedAndReleasesTheLeaseWithTheStore() {
        String warmUp = IntStream.range(5_000_100, 5_000_200).mapToObj("tt%07d"::formatted)
                .filter(id -> cluster.nodeOf("movie_" + id) == cluster.nodeOf("movie_tt5000003"))
                .findFirst().orElseThrow();
        assertThat(details(warmUp)).isEqualTo("cinemix; fwd=miss; stored");
        double before = roundTrips();
        int callsBefore = omdb.calls();

        assertThat(details("tt5000003")).isEqualTo("cinemix; fwd=miss; stored");

        assertThat(roundTrips() - before)
                .as("the decision, the read, the lease, the budget, the store that releases").isEqualTo(5);
        assertThat(omdb.calls() - callsBefore).isEqualTo(1);
        assertThat(cluster.nodeOf("lease_{movie_tt5000003}").command("EXISTS", "lease_{movie_tt5000003}"))
                .as("released with the store").isEqualTo(":0");
    }

    @Test
    void aColdSearchPageMakesFiveRoundTripsTheRateLimitIncluded() {
        String first = page(1);
        int warmUp = IntStream.range(2, 100).filter(page -> cluster.nodeOf(page(page)) == cluster.nodeOf(first))
                .findFirst().orElseThrow();
        assertThat(search(warmUp)).isEqualTo("cinemix; fwd=miss; stored");
        double before = roundTrips();
        int callsBefore = omdb.searchCalls("batman");

        assertThat(search(1)).isEqualTo("cinemix; fwd=miss; stored");

        assertThat(roundTrips() - before)
                .as("the decision, the read, the lease, the budget, the store that releases").isEqualTo(5);
        assertThat(omdb.searchCalls("batman") - callsBefore).isEqualTo(1);
    }

    private static String details(String id) {
        omdb.answer(id, OmdbStub.movie(id));
        return app.http().get("/api/v1/search/id/" + id).header("Cache-Status");
    }

    private static String search(int page) {
        return app.http().get("/api/v1/search/?query=batman&page=" + page).header("Cache-Status");
    }

    /** The key of a page of the search for "batman". */
    private static String page(int page) {
        return RedisKeys.search(SearchKey.of(new SearchQuery("batman", page, Optional.empty(), OptionalInt.empty())));
    }

    private static double roundTrips() {
        return app.context().getBean(PrometheusMeterRegistry.class).get("cinemix.redis.round.trips").functionCounter()
                .count();
    }
}
