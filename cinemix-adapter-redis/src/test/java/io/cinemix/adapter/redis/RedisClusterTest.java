package io.cinemix.adapter.redis;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LocalRedisCluster;
import io.cinemix.testsupport.Movies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.cinemix.adapter.redis.Outages.eventually;
import static io.cinemix.adapter.redis.Outages.timed;
import static org.assertj.core.api.Assertions.assertThat;

/** A real 3-master Redis Cluster: every command and script runs on it, and a node restart is survived. */
class RedisClusterTest {
    private static final Duration HOUR = Duration.ofHours(1);
    /**
     * A read or write while the node is away answers within this. Typical: at once when the connection is closed, one
     * 300 ms command timeout when it is not yet seen closed; 5 × that leaves > 1 s for scheduling on 2 busy cores and
     * still fails a command left to Lettuce's 60 s default.
     */
    private static final Duration FAIL_SOFT_BOUND = Duration.ofMillis(1500);
    private static final List<ImdbId> IDS = List.of(ImdbId.of("tt0379786"), ImdbId.of("tt0078748"),
            ImdbId.of("tt0372784"), ImdbId.of("tt0133093"), ImdbId.of("tt0111161"), ImdbId.of("tt0068646"));

    private LocalRedisCluster cluster;
    private RedisConnection connection;
    private RedisMovieCache cache;

    @BeforeEach
    void start() {
        cluster = LocalRedisCluster.start();
        connection = RedisConnection.open(RedisSettings.of(cluster.url()));
        cache = new RedisMovieCache(connection);
    }

    @AfterEach
    void stop() {
        connection.close();
        cluster.close();
    }

    @Test
    void cachesOnEveryNodeWithTheKeysNamedAsInStandaloneRedis() {
        Set<Integer> ports = new HashSet<>();
        for (ImdbId id : IDS) {
            assertThat(cache.put(Movies.full(id.value()), Plot.SHORT, HOUR)).isTrue();
            cache.putMissing(ImdbId.of("tt9" + id.value().substring(3)), HOUR);
            String key = RedisKeys.details(new DetailsKey(id, Plot.SHORT));
            LocalRedis node = cluster.nodeOf(key);
            assertThat(node.command("EXISTS", key)).as(key + " on its slot's node").isEqualTo(":1");
            ports.add(node.port());
        }
        for (ImdbId id : IDS) {
            assertThat(cache.get(id, Plot.SHORT)).as("the GET+PTTL script runs on " + id + "'s node").isPresent();
            assertThat(cache.isKnownMissing(ImdbId.of("tt9" + id.value().substring(3)))).isTrue();
        }
        assertThat(ports).as("the keys spread over the masters").hasSizeGreaterThan(1);
        assertThat(cache.errors()).isZero();
    }

    @Test
    void countsTheBudgetOnTheNodeOfTheDaysKey() {
        RedisUpstreamBudget first = new RedisUpstreamBudget(connection, 3);
        try (RedisConnection other = RedisConnection.open(RedisSettings.of(cluster.url()))) {
            RedisUpstreamBudget second = new RedisUpstreamBudget(other, 3);

            assertThat(first.tryConsume()).isTrue();
            assertThat(second.tryConsume()).isTrue();
            assertThat(first.tryConsume()).isTrue();
            assertThat(second.tryConsume()).isFalse();
            assertThat(first.remaining()).isZero();
            first.exhaust();
            assertThat(second.untilReset()).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
        }
    }

    @Test
    void decidesRateLimitsOfClientsOnDifferentNodesAskedTogetherEachOnItsOwnNode() {
        RateLimitPolicy policy = new RateLimitPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 2);
        RedisRateLimits limits = new RedisRateLimits(connection, policy, new FakeTicker(), 10, Duration.ofSeconds(10));
        List<CompletableFuture<RateLimitDecision>> decisions = new ArrayList<>();
        for (int request = 0; request < 30; request++) {
            decisions.add(limits.tryAcquire("203.0.113." + request % 10).toCompletableFuture());
        }

        assertThat(decisions).filteredOn(decision -> decision.join().allowed()).hasSize(20);
        Set<Integer> ports = new HashSet<>();
        for (int client = 0; client < 10; client++) {
            String key = "rate_limit_{203.0.113." + client + "}";
            LocalRedis node = cluster.nodeOf(key);
            assertThat(node.command("EXISTS", key)).as(key + " counted on its slot's node").isEqualTo(":1");
            ports.add(node.port());
        }
        assertThat(ports).as("the clients spread over the masters").hasSizeGreaterThan(1);
    }

    @Test
    void survivesANodeRestartAndCachesOnItAgain() {
        ImdbId id = IDS.get(0);
        String key = RedisKeys.details(new DetailsKey(id, Plot.SHORT));
        assertThat(cache.put(Movies.full(id.value()), Plot.SHORT, HOUR)).isTrue();
        LocalRedis node = cluster.nodeOf(key);

        node.stop();

        assertThat(timed(() -> cache.get(id, Plot.SHORT).isEmpty())).isLessThan(FAIL_SOFT_BOUND);
        assertThat(timed(() -> !cache.put(Movies.full(id.value()), Plot.SHORT, HOUR))).isLessThan(FAIL_SOFT_BOUND);
        node.restart();
        assertThat(eventually(() -> cache.put(Movies.full(id.value()), Plot.SHORT, HOUR)))
                .as("caching resumes on the restarted node").isTrue();
        assertThat(cache.get(id, Plot.SHORT)).isPresent();
        assertThat(node.command("EXISTS", key)).isEqualTo(":1");
    }

    @Test
    void failsFastAtStartWhenNoSeedNodeAnswers() {
        // A refused connect fails in 0.2-0.6 s on 2 busy cores; 3 s is 5 × that, and far from a start that hangs.
        int port = LocalRedis.freePort();
        assertThat(timed(() -> {
            try {
                RedisConnection.open(RedisSettings.of("redis-cluster://127.0.0.1:" + port)).close();
                return false;
            } catch (RedisUnavailableException expected) {
                return expected.getMessage().contains("Redis Cluster 127.0.0.1:" + port);
            }
        })).isLessThan(Duration.ofSeconds(3));
    }
}
