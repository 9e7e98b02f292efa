package io.cinemix.adapter.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterURIUtil;


import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where Redis is and how long to wait for it.
 *
 * <ul>
 *   <li>{@code url}: {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://…} (TLS, peer verified),
 *   as {@code REDIS_URL} gives it; or, for a master found through Sentinel,
 *   {@code redis-sentinel://[password@]host:port[,host:port]/master-name} ({@code rediss-sentinel://} for TLS; Lettuce's
 *   own {@code #master-name} works too); or, for a Redis Cluster, {@code redis-cluster://[password@]host:port[,host:port]}
 *   ({@code rediss-cluster://} for TLS): any reachable node finds the others.</li>
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
    private static final List<String> SCHEMES = List.of("redis://", "rediss://", "redis-sentinel://",
            "rediss-sentinel://", "redis-cluster://", "rediss-cluster://");
    private static final Pattern CLUSTER_SCHEME = Pattern.compile("(?i)^(rediss?)-cluster://");
    /** {@code …-sentinel://hosts/master-name}, which Lettuce writes {@code …-sentinel://hosts#master-name}. */
    private static final Pattern SENTINEL_MASTER_PATH =
            Pattern.compile("(?i)^(rediss?-sentinel://[^/?#]*)/([^/?#0-9][^/?#]*)(.*)$");

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        String lower = url.toLowerCase(Locale.ROOT);
        if (SCHEMES.stream().noneMatch(lower::startsWith)) {
            throw new IllegalArgumentException("The Redis URL must start with redis://, rediss://, redis-sentinel://, "
                    + "rediss-sentinel://, redis-cluster:// or rediss-cluster://.");
        }
        RedisURI parsed;
        try {
            parsed = cluster(url) ? toClusterUris(url).get(0) : RedisURI.create(lettuceUrl(url));
        } catch (RuntimeException e) {
            // The parser's message echoes the URL, password included: never pass it on.
            throw new IllegalArgumentException("The Redis URL is malformed (expected redis://[:password@]host[:port][/db]"
                    + " or redis-sentinel://[password@]host:port[,host:port]/master-name).");
        }
        if (parsed.getSentinels().isEmpty() && (parsed.getHost() == null || parsed.getHost().isBlank())) {
            throw new IllegalArgumentException("The Redis URL names no host.");
        }
        if (!parsed.getSentinels().isEmpty() && (parsed.getSentinelMasterId() == null
                || parsed.getSentinelMasterId().isBlank())) {
            throw new IllegalArgumentException("The Redis Sentinel URL names no master (add /master-name).");
        }
        if (cluster(url) && (database.isPresent() && database.getAsInt() != 0 || parsed.getDatabase() != 0)) {
            throw new IllegalArgumentException("A Redis Cluster has only database 0; leave REDIS_DB unset.");
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
        RedisURI uri = RedisURI.create(lettuceUrl(url));
        password.ifPresent(uri::setPassword); // an ACL username from the URL stays
        database.ifPresent(uri::setDatabase);
        uri.setTimeout(connectTimeout);
        uri.getSentinels().forEach(sentinel -> sentinel.setTimeout(connectTimeout));
        return uri;
    }

    /** Whether the URL names a Redis Cluster ({@code redis-cluster://}, {@code rediss-cluster://}). */
    boolean cluster() {
        return cluster(url);
    }

    /** The cluster's seed nodes, each with the password given here and the connect timeout. */
    List<RedisURI> toClusterUris() {
        List<RedisURI> seeds = toClusterUris(url);
        seeds.forEach(seed -> {
            password.ifPresent(seed::setPassword);
            seed.setTimeout(connectTimeout);
        });
        return seeds;
    }

    /**
     * {@code host:port}, {@code master-name via Sentinel host:port,…} or {@code Redis Cluster host:port,…}: for
     * messages.
     */
    String address() {
        if (cluster(url)) {
            return "Redis Cluster " + toClusterUris(url).stream().map(seed -> seed.getHost() + ":" + seed.getPort())
                    .collect(Collectors.joining(","));
        }
        RedisURI uri = RedisURI.create(lettuceUrl(url));
        if (uri.getSentinels().isEmpty()) {
            return uri.getHost() + ":" + uri.getPort();
        }
        return uri.getSentinelMasterId() + " via Sentinel " + uri.getSentinels().stream()
                .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort()).collect(Collectors.joining(","));
    }

    /** The password written in the URL, if any (to mask it in messages). */
    Optional<String> urlPassword() {
        char[] secret = (cluster(url) ? toClusterUris(url).get(0) : RedisURI.create(lettuceUrl(url))).getPassword();
        return secret == null || secret.length == 0 ? Optional.empty() : Optional.of(new String(secret));
    }

    private static boolean cluster(String url) {
        return CLUSTER_SCHEME.matcher(url).find();
    }

    private static List<RedisURI> toClusterUris(String url) {
        return RedisClusterURIUtil.toRedisURIs(URI.create(CLUSTER_SCHEME.matcher(url).replaceFirst("$1://")));
    }

    private static String lettuceUrl(String url) {
        return SENTINEL_MASTER_PATH.matcher(url).replaceFirst("$1$3#$2");
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
