package io.cinemix.app;

import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the real app with Redis: once the shared rate-limit decision is in (Lettuce's reply, or the local limiter's
 * after the bound) and once a lookup's Redis reply or upstream call is in, the request goes on on its connection's own
 * Netty event loop, not on Lettuce's thread (which would then carry every request) nor on the thread that timed out.
 * Observed by a test-only filter ({@link ThreadProbe}) that asks the connection's event loop whether it is the thread.
 */
class ConnectionLoopEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-connection-loop";
    private static OmdbStub omdb;
    private static LocalRedis redis;
    private static RunningApp app;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.startOwn();
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "redis-url", redis.url(),
                "max-threshold", "1000", "test-thread-probe", "on");
    }

    @AfterAll
    static void stop() {
        app.close();
        redis.close();
        omdb.close();
    }

    @BeforeEach
    void forget() {
        probe().seen.clear();
    }

    @Test
    void aColdMissAndThenAHitRunOnTheConnectionsEventLoopAfterTheSharedDecisionAndAfterTheLookup() {
        omdb.answer("tt6000001", OmdbStub.movie("tt6000001"));

        assertThat(app.http().get("/api/v1/search/id/tt6000001").header("Cache-Status"))
                .isEqualTo("cinemix; fwd=miss; stored");
        assertThat(app.http().get("/api/v1/search/id/tt6000001").header("Cache-Status")).isEqualTo("cinemix; hit");

        assertThat(probe().seen).extracting(ThreadProbe.Seen::phase)
                .containsExactly("request", "answer", "request", "answer");
        assertThat(probe().seen).allSatisfy(seen -> assertThat(seen.connectionLoop())
                .as("%s on %s", seen.phase(), seen.thread()).isTrue());
        assertThat(probe().seen).noneSatisfy(seen -> assertThat(seen.thread()).containsIgnoringCase("lettuce"));
    }

    @Test
    void aRejectionRunsOnTheConnectionsEventLoop() {
        try (RunningApp strict = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                "redis-url", redis.url(), "max-threshold", "1", "test-thread-probe", "on")) {
            ThreadProbe strictProbe = strict.context().getBean(ThreadProbe.class);
            omdb.answer("tt6000002", OmdbStub.movie("tt6000002"));
            strict.http().get("/api/v1/search/id/tt6000002"); // spends the one permit

            assertThat(strict.http().get("/api/v1/search/id/tt6000002").status()).isEqualTo(429);

            ThreadProbe.Seen rejected = strictProbe.seen.get(strictProbe.seen.size() - 1);
            assertThat(rejected.phase()).isEqualTo("answer");
            assertThat(rejected.connectionLoop()).as("the 429 on %s", rejected.thread()).isTrue();
        }
    }

    @Test
    void whileRedisIsFrozenTheAnswerAfterTheBoundsGoesOnOnTheConnectionsEventLoop() {
        try (LocalRedis own = LocalRedis.startOwn();
             RunningApp frozen = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                     "redis-url", own.url(), "max-threshold", "1000", "test-thread-probe", "on")) {
            omdb.answer("tt6000003", OmdbStub.movie("tt6000003"));
            ThreadProbe frozenProbe = frozen.context().getBean(ThreadProbe.class);

            own.pause();
            try {
                // The local limiter decides after the decision's bound (on the timer's thread); the lookup gives up
                // on Redis after the command timeout and asks the upstream.
                assertThat(frozen.http().get("/api/v1/search/id/tt6000003").status()).isEqualTo(200);
            } finally {
                own.resume();
            }

            assertThat(frozenProbe.seen).extracting(ThreadProbe.Seen::phase).containsExactly("request", "answer");
            assertThat(frozenProbe.seen).allSatisfy(seen -> assertThat(seen.connectionLoop())
                    .as("%s on %s", seen.phase(), seen.thread()).isTrue());
        }
    }

    private static ThreadProbe probe() {
        return app.context().getBean(ThreadProbe.class);
    }
}
