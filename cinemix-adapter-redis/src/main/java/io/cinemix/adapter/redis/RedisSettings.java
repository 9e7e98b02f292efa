package io.cinemix.adapter.redis;

import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Where Redis is and how long to wait for it.
 *
 * <ul>
 *   <li>{@code url}: {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://…} (TLS, peer verified),
 *   as {@code REDIS_URL} gives it.</li>
 *   <li>{@code password} ({@code REDIS_PASSWORD}) and {@code database} ({@code REDIS_DB}): when present they win over
 *   what the URL says, and apply as well when the URL has none.</li>
 *   <li>{@code connectTimeout}: bounds the TCP connect and the handshake (HELLO/AUTH/SELECT/PING) at startup and on
 *   every reconnect.</li>
 *   <li>{@code commandTimeout}: bounds every cache command; Redis is an optimisation, so keep it short.</li>
 * </ul>
 *
 * <p>{@link #toString()} masks the password, whether given here or inside the URL.
 */
public record RedisSettings(String url, Optional<String> password, OptionalInt database, Duration connectTimeout,
                            Duration commandTimeout) {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(300);
    private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("redis://") && !lower.startsWith("rediss://")) {
            throw new IllegalArgumentException("The Redis URL must start with redis:// or rediss://.");
        }
        RedisURI parsed;
        try {
            parsed = RedisURI.create(url);
        } catch (RuntimeException e) {
            // The parser's message echoes the URL, password included: never pass it on.
            throw new IllegalArgumentException("The Redis URL is malformed (expected redis://[:password@]host[:port][/db]).");
        }
        if (parsed.getHost() == null || parsed.getHost().isBlank()) {
            throw new IllegalArgumentException("The Redis URL names no host.");
        }
        if (password.isPresent() && password.get().isEmpty()) {
            throw new IllegalArgumentException("The Redis password must not be empty; leave it unset instead.");
        }
        if (database.isPresent() && database.getAsInt() < 0) {
            throw new IllegalArgumentException("The Redis database must be 0 or more, got " + database.getAsInt() + ".");
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(commandTimeout, "command timeout");
    }

    /** The URL alone, with a 2 s connect timeout and a 300 ms command timeout. */
    public static RedisSettings of(String url) {
        return new RedisSettings(url, Optional.empty(), OptionalInt.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_COMMAND_TIMEOUT);
    }

    /** The Lettuce URI: the URL, then the password and database given here, the connect timeout for the handshake. */
    RedisURI toRedisUri() {
        RedisURI fromUrl = RedisURI.create(url);
        RedisURI.Builder builder = RedisURI.builder(fromUrl);
        password.ifPresent(secret -> {
            if (fromUrl.getUsername() != null) {
                builder.withAuthentication(fromUrl.getUsername(), secret.toCharArray());
            } else {
                builder.withPassword(secret.toCharArray());
            }
        });
        database.ifPresent(builder::withDatabase);
        return builder.withTimeout(connectTimeout).build();
    }

    /** {@code host:port} for messages. */
    String address() {
        RedisURI uri = RedisURI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + USER_INFO.matcher(url).replaceFirst("//***@")
                + ", password=" + (password.isPresent() ? "***" : "none")
                + ", database=" + (database.isPresent() ? String.valueOf(database.getAsInt()) : "from URL")
                + ", connectTimeout=" + connectTimeout + ", commandTimeout=" + commandTimeout + "]";
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("The Redis " + name + " must be positive, got " + duration + ".");
        }
    }
}
