package io.cinemix.adapter.redis;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LogCapture;
import io.cinemix.testsupport.Movies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static io.cinemix.adapter.redis.Outages.eventually;
import static io.cinemix.adapter.redis.Outages.timed;
import static org.assertj.core.api.Assertions.assertThat;

/** Redis stopped, frozen and restarted under a live adapter: requests never fail, caching comes back by itself. */
class RedisOutageTest {
    private static final ImdbId SERENITY = ImdbId.of("tt0379786");
    private static final Duration HOUR = Duration.ofHours(1);
    /**
     * 5 × the 300 ms command timeout, far below Lettuce's 60 s default. Typical: at once while Redis is stopped, one
     * command timeout while it is frozen; the rest is slack for scheduling on 2 busy cores.
     */
    private static final Duration FAIL_SOFT_BOUND = Duration.ofMillis(1500);

    private LocalRedis redis;
    private RedisConnection connection;
    private RedisMovieCache cache;

    @BeforeEach
    void start() {
        redis = LocalRedis.startOwn();
        connection = RedisConnection.open(settings(redis));
        cache = new RedisMovieCache(connection);
    }

    @AfterEach
    void stop() {
        connection.close();
        redis.close();
    }

    @Test
    void readsAndWritesFailSoftAndFastWhileRedisIsStopped() {
        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).as("stored while up").isTrue();
        redis.stop();

        assertThat(timed(() -> cache.get(SERENITY, Plot.SHORT).isEmpty())).isLessThan(FAIL_SOFT_BOUND);
        assertThat(timed(() -> !cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)))
                .as("a write says it did not store").isLessThan(FAIL_SOFT_BOUND);
        assertThat(timed(() -> !cache.isKnownMissing(SERENITY))).isLessThan(FAIL_SOFT_BOUND);
        assertThat(timed(() -> {
            cache.putMissing(SERENITY, Duration.ofMinutes(5));
            return true;
        })).isLessThan(FAIL_SOFT_BOUND);
        assertThat(timed(() -> !connection.ping())).isLessThan(FAIL_SOFT_BOUND);
        assertThat(cache.errors()).isEqualTo(4);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void aFrozenRedisCostsAtMostTheCommandTimeoutPerCommand() {
        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        redis.pause();
        try {
            assertThat(timed(() -> cache.get(SERENITY, Plot.SHORT).isEmpty())).isLessThan(FAIL_SOFT_BOUND);
            assertThat(timed(() -> {
                cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
                return true;
            })).isLessThan(FAIL_SOFT_BOUND);
            assertThat(cache.errors()).isEqualTo(2);
        } finally {
            redis.resume();
        }
        assertThat(eventually(() -> cache.get(SERENITY, Plot.SHORT).isPresent())).isTrue();
    }

    @Test
    void reconnectsWhenRedisIsBackOnTheSamePortAndStoresAgain() {
        redis.stop();
        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();

        redis.restart();

        assertThat(eventually(() -> {
            cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
            return cache.get(SERENITY, Plot.SHORT).isPresent();
        })).as("caching resumed after the restart").isTrue();
        assertThat(connection.ping()).isTrue();
        assertThat(admin(redis).ttl("movie_tt0379786")).isPositive();
    }

    @Test
    void logsAnOutageAtErrorOnceNotOncePerRequestAndSaysWhenRedisIsBack() {
        try (LogCapture log = LogCapture.of(RedisMovieCache.class)) {
            redis.stop();
            for (int i = 0; i < 50; i++) {
                cache.get(SERENITY, Plot.SHORT);
                cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
            }

            assertThat(log.lines("ERROR")).singleElement().asString().contains("movie_tt0379786");
            assertThat(cache.errors()).isEqualTo(100);

            redis.restart();
            assertThat(eventually(() -> {
                cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
                return cache.get(SERENITY, Plot.SHORT).isPresent();
            })).isTrue();
            assertThat(log.lines("INFO")).anySatisfy(line -> assertThat(line).contains("answers again"));
        }
    }

    @Test
    void theBudgetFailsOpenWhileRedisIsDownAndCountsAgainWhenItIsBack() {
        RedisUpstreamBudget budget = new RedisUpstreamBudget(connection, 2);
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.remaining()).isEqualTo(1);
        redis.stop();

        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).isTrue();
        budget.exhaust();
        assertThat(budget.remaining()).as("last known").isEqualTo(1);
        assertThat(budget.untilReset()).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));

        redis.restart();
        assertThat(eventually(connection::ping)).isTrue();
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).as("a fresh Redis counts from zero").isFalse();
    }
}
