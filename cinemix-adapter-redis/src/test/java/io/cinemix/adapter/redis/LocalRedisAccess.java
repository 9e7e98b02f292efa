package io.cinemix.adapter.redis;

import io.cinemix.testsupport.LocalRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What this module's tests need on top of a {@link LocalRedis}: the adapter's settings, and a Lettuce client. */
final class LocalRedisAccess {
    private static final Map<LocalRedis, StatefulRedisConnection<String, String>> ADMINS = new ConcurrentHashMap<>();

    private LocalRedisAccess() {
    }

    /** Settings for the adapter: this server, 1 s connect timeout, 300 ms command timeout. */
    static RedisSettings settings(LocalRedis redis) {
        return new RedisSettings(redis.url(), redis.password(), redis.database(), Duration.ofSeconds(1),
                Duration.ofMillis(300));
    }

    /** A plain Lettuce client on the same database, to look at what the adapter stored; closed when Redis stops. */
    static synchronized RedisCommands<String, String> admin(LocalRedis redis) {
        StatefulRedisConnection<String, String> connection = ADMINS.get(redis);
        if (connection == null || !connection.isOpen()) {
            RedisURI uri = settings(redis).toRedisUri();
            uri.setTimeout(Duration.ofSeconds(5));
            RedisClient client = RedisClient.create(uri);
            StatefulRedisConnection<String, String> opened = client.connect();
            ADMINS.put(redis, opened);
            redis.onStop(() -> {
                ADMINS.remove(redis, opened);
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            });
            connection = opened;
        }
        return connection.sync();
    }
}
