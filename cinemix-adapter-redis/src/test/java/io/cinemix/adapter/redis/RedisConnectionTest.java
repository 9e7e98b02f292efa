package io.cinemix.adapter.redis;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.Movies;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RedisConnectionTest {
    private static final String PASSWORD = "K3Y-SENTINEL-redis-pw";

    @Test
    void opensAndAnswersPing() {
        try (RedisConnection connection = RedisConnection.open(settings(LocalRedis.shared()))) {
            assertThat(connection.ping()).isTrue();
        }
    }

    @Test
    void failsFastWithAClearMessageNamingHostAndPortButNoPasswordWhenNothingListens() {
        int port = LocalRedis.freePort();
        RedisSettings settings = new RedisSettings("redis://:" + PASSWORD + "-url@127.0.0.1:" + port,
                Optional.of(PASSWORD), OptionalInt.empty(), Duration.ofSeconds(2), Duration.ofMillis(300));

        // A refused connect fails in ~20 ms on 2 busy cores; 3 s is far above that and far below a start that hangs.
        long started = System.nanoTime();
        RedisUnavailableException failure = catchThrowableOfType(RedisUnavailableException.class,
                () -> RedisConnection.open(settings));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(failure.getMessage()).contains("127.0.0.1:" + port).doesNotContain(PASSWORD);
        assertThat(stackTrace(failure)).doesNotContain(PASSWORD);
    }

    @Test
    void failsWithinTheConnectTimeoutWhenThePeerAcceptsButNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RedisSettings settings = new RedisSettings("redis://127.0.0.1:" + silent.getLocalPort(), Optional.empty(),
                    OptionalInt.empty(), Duration.ofSeconds(1), Duration.ofMillis(300));

            // The 1 s connect timeout is a timer: ~1.1 s on 2 busy cores, so 3 s leaves 17 × the overhead as slack.
            long started = System.nanoTime();
            assertThatThrownBy(() -> RedisConnection.open(settings))
                    .isInstanceOf(RedisUnavailableException.class)
                    .hasMessageContaining("127.0.0.1:" + silent.getLocalPort());

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void authenticatesWithThePasswordSettingAndRefusesAWrongOneWithoutEchoingIt() {
        try (LocalRedis redis = LocalRedis.startOwn("--requirepass", PASSWORD)) {
            RedisSettings right = new RedisSettings(redis.url(), Optional.of(PASSWORD), OptionalInt.empty(),
                    Duration.ofSeconds(2), Duration.ofMillis(300));
            try (RedisConnection connection = RedisConnection.open(right)) {
                RedisMovieCache cache = new RedisMovieCache(connection);
                cache.put(Movies.full("tt0379786"), Plot.SHORT, Duration.ofMinutes(5));
                assertThat(cache.get(ImdbId.of("tt0379786"), Plot.SHORT)).isPresent();
            }

            RedisSettings wrong = new RedisSettings(redis.url(), Optional.of("wrong-" + PASSWORD), OptionalInt.empty(),
                    Duration.ofSeconds(2), Duration.ofMillis(300));
            RedisUnavailableException failure = catchThrowableOfType(RedisUnavailableException.class,
                    () -> RedisConnection.open(wrong));
            assertThat(failure.getMessage()).contains("127.0.0.1:" + redis.port()).doesNotContain(PASSWORD);
            assertThat(stackTrace(failure)).doesNotContain(PASSWORD);

            assertThatThrownBy(() -> RedisConnection.open(RedisSettings.of(redis.url())))
                    .isInstanceOf(RedisUnavailableException.class);
        }
    }

    @Test
    void usesThePasswordInTheUrlWhenNoPasswordSettingIsGiven() {
        try (LocalRedis redis = LocalRedis.startOwn("--requirepass", PASSWORD);
             RedisConnection connection = RedisConnection.open(
                     RedisSettings.of("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port()))) {
            assertThat(connection.ping()).isTrue();
        }
    }

    @Test
    void selectsTheDatabaseSetting() {
        try (LocalRedis redis = LocalRedis.startOwn();
             RedisConnection connection = RedisConnection.open(new RedisSettings(redis.url(), Optional.empty(),
                     OptionalInt.of(3), Duration.ofSeconds(2), Duration.ofMillis(300)))) {
            new RedisMovieCache(connection).put(Movies.full("tt0379786"), Plot.SHORT, Duration.ofMinutes(5));

            assertThat(admin(redis).exists("movie_tt0379786")).isZero();
            admin(redis).select(3);
            assertThat(admin(redis).exists("movie_tt0379786")).isEqualTo(1);
        }
    }

    @Test
    void theDatabaseSettingWinsOverTheUrlsDatabase() {
        try (LocalRedis redis = LocalRedis.startOwn();
             RedisConnection connection = RedisConnection.open(new RedisSettings(redis.url() + "/5", Optional.empty(),
                     OptionalInt.of(2), Duration.ofSeconds(2), Duration.ofMillis(300)))) {
            new RedisMovieCache(connection).putMissing(ImdbId.of("tt0379786"), Duration.ofMinutes(5));

            admin(redis).select(5);
            assertThat(admin(redis).exists("missing_tt0379786")).isZero();
            admin(redis).select(2);
            assertThat(admin(redis).exists("missing_tt0379786")).isEqualTo(1);
        }
    }

    @Test
    void rejectsCommandsWhileDisconnectedWithABoundedQueueKeepAliveAndTheCommandTimeout() {
        RedisSettings settings = new RedisSettings("redis://cache", Optional.empty(), OptionalInt.empty(),
                Duration.ofSeconds(2), Duration.ofMillis(250));

        ClientOptions options = RedisConnection.clientOptions(settings);

        assertThat(options.getDisconnectedBehavior()).isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(options.getRequestQueueSize()).isEqualTo(1_000);
        assertThat(options.isAutoReconnect()).isTrue();
        assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.getSocketOptions().isKeepAlive()).isTrue();
        assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
        var timeout = options.getTimeoutOptions().getSource();
        assertThat(Duration.of(timeout.getTimeout(null), timeout.getTimeUnit().toChronoUnit()))
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void neverReplaysScriptsOrCountersAfterAReconnectButReplaysIdempotentWrites() {
        var filter = RedisConnection.neverReplayed();

        assertThat(filter.test(command(CommandType.EVALSHA))).isTrue();
        assertThat(filter.test(command(CommandType.EVAL))).isTrue();
        assertThat(filter.test(command(CommandType.INCR))).isTrue();
        assertThat(filter.test(command(CommandType.SET))).isFalse();
        assertThat(filter.test(command(CommandType.GET))).isFalse();
    }

    private static Command<String, String, String> command(CommandType type) {
        return new Command<>(type, new StatusOutput<>(StringCodec.UTF8));
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
