package io.cinemix.adapter.redis;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LocalRedisSentinel;
import io.cinemix.testsupport.Movies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cinemix.adapter.redis.Outages.eventually;
import static io.cinemix.adapter.redis.Outages.timed;
import static org.assertj.core.api.Assertions.assertThat;

/** A real master + replica + 3 sentinels: the adapter finds the master through Sentinel and follows a failover. */
class RedisSentinelFailoverTest {
    private static final ImdbId SERENITY = ImdbId.of("tt0379786");
    private static final ImdbId ALIEN = ImdbId.of("tt0078748");
    private static final Duration HOUR = Duration.ofHours(1);
    /**
     * A read or write while the master is away answers within this. Typical: at once when the connection is closed, one
     * 300 ms command timeout when it is not yet seen closed; 5 × that leaves > 1 s for scheduling on 2 busy cores and
     * still fails a command left to Lettuce's 60 s default.
     */
    private static final Duration FAIL_SOFT_BOUND = Duration.ofMillis(1500);

    private LocalRedisSentinel sentinel;
    private RedisConnection connection;
    private RedisMovieCache cache;
    private RedisUpstreamBudget budget;

    @BeforeEach
    void start() {
        sentinel = LocalRedisSentinel.start(3);
        connection = RedisConnection.open(RedisSettings.of(sentinel.url()));
        cache = new RedisMovieCache(connection);
        budget = new RedisUpstreamBudget(connection, 10);
    }

    @AfterEach
    void stop() {
        connection.close();
        sentinel.close();
    }

    @Test
    void cachesAndCountsOnTheMasterTheSentinelsName() {
        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).isTrue();
        assertThat(budget.tryConsume()).isTrue();

        assertThat(cache.get(SERENITY, Plot.SHORT)).isPresent();
        assertThat(sentinel.master().command("EXISTS", RedisKeys.details(new DetailsKey(SERENITY, Plot.SHORT)))).isEqualTo(":1");
        assertThat(budget.remaining()).isEqualTo(9);
    }

    @Test
    void survivesTheMastersDeathAndCachesOnThePromotedReplica() {
        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).isTrue();
        LocalRedis oldMaster = sentinel.master();
        LocalRedis replica = sentinel.replica();

        oldMaster.stop();

        assertThat(timed(() -> cache.get(ALIEN, Plot.SHORT).isEmpty())).isLessThan(FAIL_SOFT_BOUND);
        assertThat(timed(() -> budget.tryConsume())).as("the budget fails open").isLessThan(FAIL_SOFT_BOUND);
        sentinel.awaitMaster(replica);
        assertThat(eventually(() -> cache.put(Movies.full(ALIEN.value()), Plot.SHORT, HOUR)))
                .as("caching resumes on the new master").isTrue();
        assertThat(cache.get(ALIEN, Plot.SHORT)).isPresent();
        assertThat(cache.get(SERENITY, Plot.SHORT)).as("replicated before the master died").isPresent();
        assertThat(replica.command("EXISTS", RedisKeys.details(new DetailsKey(ALIEN, Plot.SHORT)))).isEqualTo(":1");
    }

    @Test
    void followsAManualFailoverWhileTheOldMasterStaysUp() {
        LocalRedis replica = sentinel.replica();

        sentinel.failover();
        sentinel.awaitMaster(replica);

        // The old master keeps accepting writes until the sentinels' next INFO poll (≈ 10 s) turns it into a replica;
        // then they drop its clients and Lettuce reconnects to the master they name.
        assertThat(eventually(Duration.ofSeconds(30), () -> cache.put(Movies.full(ALIEN.value()), Plot.SHORT, HOUR)
                && ":1".equals(replica.command("EXISTS", RedisKeys.details(new DetailsKey(ALIEN, Plot.SHORT))))))
                .as("writes land on the promoted replica").isTrue();
        assertThat(cache.get(ALIEN, Plot.SHORT)).isPresent();
    }
}
