package io.cinemix.adapter.redis;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.Movies;
import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static io.cinemix.adapter.redis.Outages.eventually;
import static io.cinemix.adapter.redis.Outages.timed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connection's back-off against a real Redis that is frozen ({@code SIGSTOP}), thawed, stopped and restarted. The
 * back-off runs on a fake ticker, so "1 s later" is a call to {@code advance}, not a sleep. The time bounds are
 * generous: the command timeout is 300 ms, a refused command costs microseconds.
 */
class RedisBackOffOutageTest {
    private static final ImdbId SERENITY = ImdbId.of("tt0379786");
    private static final ImdbId ALIEN = ImdbId.of("tt0078748");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration BACK_OFF = RedisConnection.BACK_OFF;
    /**
     * The 300 ms command timeout plus slack: a timed-out command took 300-302 ms at load average 9 on 2 cores (the
     * timeout is a timer, load only adds scheduling), so 1 s is over 3 × that; a command left to Lettuce's 60 s fails.
     */
    private static final Duration ONE_TIMEOUT = Duration.ofMillis(1000);

    private final FakeTicker ticker = new FakeTicker(42_000_000_000L);
    private LocalRedis redis;
    private RedisConnection connection;
    private RedisMovieCache cache;
    private RedisUpstreamBudget budget;

    @BeforeEach
    void start() {
        redis = LocalRedis.startOwn();
        connection = RedisConnection.open(settings(redis), ticker);
        cache = new RedisMovieCache(connection);
        budget = new RedisUpstreamBudget(connection, 10);
    }

    @AfterEach
    void stop() {
        connection.close();
        redis.close();
    }

    @Test
    void aFrozenRedisCostsACacheMissOneCommandTimeoutAndTheOtherCommandsFailAtOnce() {
        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).isTrue();
        assertThat(budget.tryConsume()).isTrue();
        redis.pause();
        try {
            assertThat(timed(() -> cache.get(SERENITY, Plot.SHORT).isEmpty())).as("the read that times out")
                    .isLessThan(ONE_TIMEOUT);
            assertThat(connection.backingOff()).isTrue();

            // The rest of a cache miss, as the service makes it: read again, negative check, budget, write, …
            assertThat(refusedWithoutAsking(() -> cache.get(SERENITY, Plot.SHORT).isEmpty())).isTrue();
            assertThat(refusedWithoutAsking(() -> !cache.isKnownMissing(SERENITY))).isTrue();
            assertThat(refusedWithoutAsking(budget::tryConsume)).as("the budget fails open").isTrue();
            assertThat(refusedWithoutAsking(() -> budget.remaining() == 9)).as("the last count Redis gave").isTrue();
            assertThat(refusedWithoutAsking(() -> !cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)))
                    .as("a write says it did not store").isTrue();
            assertThat(refusedWithoutAsking(() -> {
                cache.putMissing(ALIEN, Duration.ofMinutes(5));
                return true;
            })).isTrue();
            assertThat(cache.errors()).as("refused commands count as failures").isEqualTo(5);
            assertThat(cache.misses()).isEqualTo(2);
        } finally {
            redis.resume();
        }
    }

    @Test
    void whileRedisStaysFrozenEachBackOffEndsWithOneProbeThatPaysTheTimeout() {
        redis.pause();
        try {
            cache.get(SERENITY, Plot.SHORT);
            ticker.advance(BACK_OFF.minusMillis(1));
            assertThat(refusedWithoutAsking(() -> cache.get(SERENITY, Plot.SHORT).isEmpty()))
                    .as("1 ms before the back-off ends").isTrue();

            ticker.advance(Duration.ofMillis(1));
            assertThat(timed(() -> cache.get(SERENITY, Plot.SHORT).isEmpty())).as("the probe asks Redis and waits")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(ONE_TIMEOUT);
            assertThat(refusedWithoutAsking(() -> cache.get(SERENITY, Plot.SHORT).isEmpty()))
                    .as("the failed probe restarted it").isTrue();
            assertThat(cache.errors()).isEqualTo(4);
        } finally {
            redis.resume();
        }
    }

    @Test
    void thawedRedisIsLeftAloneUntilTheBackOffEndsThenOneProbeResumesCaching() {
        redis.pause();
        try {
            assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();
        } finally {
            redis.resume();
        }
        assertThat(admin(redis).ping()).as("Redis answers again (another connection)").isEqualTo("PONG");

        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).as("within the back-off").isFalse();
        assertThat(admin(redis).exists("movie_tt0379786")).as("not sent").isZero();

        ticker.advance(BACK_OFF);
        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).as("the probe").isTrue();
        assertThat(connection.backingOff()).isFalse();
        assertThat(cache.get(SERENITY, Plot.SHORT)).isPresent();
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.remaining()).as("counted in Redis again").isEqualTo(9);
        assertThat(admin(redis).ttl("movie_tt0379786")).isPositive();
    }

    @Test
    void aStoppedRedisIsLeftAloneDuringTheBackOffAndUsedAgainOnceItIsBack() {
        redis.stop();
        assertThat(timed(() -> cache.get(SERENITY, Plot.SHORT).isEmpty())).isLessThan(ONE_TIMEOUT);
        assertThat(connection.backingOff()).isTrue();
        assertThat(refusedWithoutAsking(() -> !cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR))).isTrue();
        assertThat(refusedWithoutAsking(budget::tryConsume)).isTrue();

        redis.restart();

        // Lettuce reconnects by itself (jittered delay, at most 5 s): probe once per back-off until a probe is answered.
        assertThat(eventually(() -> {
            ticker.advance(BACK_OFF);
            return cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        })).as("caching resumed after the restart").isTrue();
        assertThat(connection.backingOff()).isFalse();
        assertThat(cache.get(SERENITY, Plot.SHORT)).isPresent();
        assertThat(admin(redis).ttl("movie_tt0379786")).isPositive();
    }

    @Test
    void pingAlwaysAsksRedisSoHealthTellsTheTruthAndItsAnswerEndsTheBackOff() {
        redis.pause();
        try {
            cache.get(SERENITY, Plot.SHORT);
            assertThat(connection.backingOff()).isTrue();

            assertThat(timed(() -> !connection.ping())).as("asks the frozen Redis and waits")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(ONE_TIMEOUT);
        } finally {
            redis.resume();
        }
        assertThat(admin(redis).ping()).isEqualTo("PONG");

        assertThat(connection.ping()).as("no back-off in the way").isTrue();
        assertThat(connection.backingOff()).isFalse();
        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).as("with the ticker unmoved").isTrue();
    }

    @Test
    void aRefusedCommandFailsAtOnceNamingTheFailureThatStartedTheBackOff() {
        redis.pause();
        try {
            cache.get(SERENITY, Plot.SHORT);

            assertThatThrownBy(() -> connection.call(commands -> commands.get("movie_tt0379786")))
                    .isInstanceOf(RedisConnection.BackingOffException.class)
                    .hasMessageStartingWith("Redis not asked: backing off for 1000 ms after a command failed "
                            + "(RedisCommandTimeoutException")
                    .hasNoCause()
                    .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        } finally {
            redis.resume();
        }
    }

    @Test
    void anErrorReplyIsAnAnswerAndStartsNoBackOff() {
        admin(redis).lpush("movie_tt0379786", "not a string");

        assertThat(cache.get(SERENITY, Plot.SHORT)).as("WRONGTYPE is a miss").isEmpty();
        assertThat(connection.backingOff()).isFalse();
        assertThat(cache.isKnownMissing(SERENITY)).isFalse();
        assertThat(cache.errors()).isZero();
    }

    @Test
    void aProbeWhoseCallerStoppedWaitingStillEndsTheBackOffWhenRedisAnswers() {
        startBackOff();
        ticker.advance(BACK_OFF);
        CompletableFuture<String> redisReply = new CompletableFuture<>();

        CompletionStage<String> probe = connection.callAsync(commands -> redisReply);
        probe.toCompletableFuture().completeExceptionally(new TimeoutException("the caller's own 50 ms bound"));
        redisReply.complete("OK");

        assertThat(connection.backingOff()).as("Redis answered the probe").isFalse();
        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).as("with the ticker unmoved").isTrue();
    }

    @Test
    void aProbeWhoseCallerStoppedWaitingAndThatFailedLetsTheNextBackOffEndWithANewProbe() {
        startBackOff();
        ticker.advance(BACK_OFF);
        CompletableFuture<String> redisReply = new CompletableFuture<>();

        connection.callAsync(commands -> redisReply).toCompletableFuture()
                .completeExceptionally(new TimeoutException("the caller's own 50 ms bound"));
        redisReply.completeExceptionally(new RedisCommandTimeoutException("Command timed out after 300 millisecond(s)"));

        assertThat(refusedWithoutAsking(() -> !cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)))
                .as("the failed probe restarted the back-off").isTrue();
        ticker.advance(BACK_OFF);
        assertThat(cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR)).as("the next probe is sent").isTrue();
        assertThat(connection.backingOff()).isFalse();
    }

    /** One read that times out on a frozen Redis, which is thawed again: the back-off runs, Redis answers. */
    private void startBackOff() {
        redis.pause();
        try {
            cache.get(SERENITY, Plot.SHORT);
        } finally {
            redis.resume();
        }
        assertThat(connection.backingOff()).isTrue();
        assertThat(admin(redis).ping()).isEqualTo("PONG");
    }

    /**
     * Runs {@code action} and answers its outcome, after checking that the back-off refused at least one command on
     * the way: it was answered without waiting on Redis.
     */
    private boolean refusedWithoutAsking(BooleanSupplier action) {
        long before = connection.refusals();
        boolean outcome = action.getAsBoolean();
        assertThat(connection.refusals()).as("refused without asking Redis").isGreaterThan(before);
        return outcome;
    }
}
