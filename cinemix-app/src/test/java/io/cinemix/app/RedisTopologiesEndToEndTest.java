package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LocalRedisCluster;
import io.cinemix.testsupport.LocalRedisSentinel;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole app on the Redis set-ups other than one server: two instances on a real 3-master Redis Cluster, and one
 * instance through a real Sentinel while its master dies.
 */
class RedisTopologiesEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-topologies";

    @Test
    void twoInstancesOnARedisClusterShareTheCacheTheLimitAndOneColdCall() throws Exception {
        try (OmdbStub omdb = new OmdbStub(KEY); LocalRedisCluster cluster = LocalRedisCluster.start()) {
            // Clients are told apart by X-Forwarded-For from the trusted loopback, so each check has its own limit.
            String[] settings = {"omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", cluster.url(),
                    "near-cache-ttl", "0", "max-threshold", "5", "trusted-proxies", "127.0.0.1"};
            try (RunningApp a = RunningApp.start(settings); RunningApp b = RunningApp.start(settings)) {
                Http.Response miss = a.http().get("/api/v1/search/id/tt0372784", "X-Forwarded-For", "192.0.2.1");
                Http.Response hit = b.http().get("/api/v1/search/id/tt0372784", "X-Forwarded-For", "192.0.2.1");
                assertThat(miss.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
                assertThat(hit.header("Cache-Status")).as("stored by a, read by b").isEqualTo("cinemix; hit");

                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    statuses.add((i % 2 == 0 ? a : b).http()
                            .get("/api/v1/search/id/tt0372784", "X-Forwarded-For", "192.0.2.2").status());
                }
                assertThat(statuses).as("one limit of 5 over both instances")
                        .containsExactly(200, 200, 200, 200, 200, 429, 429, 429);

                List<CompletableFuture<Http.Response>> cold = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    RunningApp instance = i % 2 == 0 ? a : b;
                    String client = "198.51.100." + (i + 1);
                    cold.add(CompletableFuture.supplyAsync(() -> instance.http()
                            .get("/api/v1/search/id/" + OmdbStub.SLOW_ID, "X-Forwarded-For", client)));
                }
                for (CompletableFuture<Http.Response> response : cold) {
                    assertThat(response.get().status()).isEqualTo(200);
                }
                assertThat(omdb.detailCalls(OmdbStub.SLOW_ID)).as("one OMDb call for both instances").isEqualTo(1);
            }
        }
    }

    @Test
    void keepsAnsweringThroughASentinelFailoverAndCachesOnThePromotedReplica() throws Exception {
        try (OmdbStub omdb = new OmdbStub(KEY); LocalRedisSentinel sentinel = LocalRedisSentinel.start(1);
             RunningApp app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                     "redis-url", sentinel.url(), "near-cache-ttl", "0", "max-threshold", "100000")) {
            assertThat(app.http().get("/api/v1/search/id/tt0372784").header("Cache-Status"))
                    .isEqualTo("cinemix; fwd=miss; stored");
            LocalRedis replica = sentinel.replica();

            sentinel.master().stop();

            List<Integer> statuses = new ArrayList<>();
            String stored = null;
            for (int i = 0; i < 600 && stored == null; i++) { // 30 s at most
                String id = "tt%07d".formatted(5_000_000 + i);
                omdb.answer(id, OmdbStub.movie(id));
                Http.Response response = app.http().get("/api/v1/search/id/" + id);
                statuses.add(response.status());
                if ("cinemix; fwd=miss; stored".equals(response.header("Cache-Status"))
                        && ":1".equals(replica.command("EXISTS", "movie_" + id))) {
                    stored = id;
                }
                Thread.sleep(50);
            }

            assertThat(statuses).as("every answer during the failover").containsOnly(200);
            assertThat(stored).as("caching resumed on the promoted replica").isNotNull();
            assertThat(app.http().get("/api/v1/search/id/" + stored).header("Cache-Status")).isEqualTo("cinemix; hit");
        }
    }
}
