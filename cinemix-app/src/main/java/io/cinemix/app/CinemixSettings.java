package io.cinemix.app;

import io.cinemix.core.CachePolicy;

import io.cinemix.adapter.http.ConnectionLimits;
import io.cinemix.adapter.http.RateLimiting;
import io.cinemix.adapter.http.TrustedProxies;
import io.cinemix.adapter.omdb.OmdbSettings;
import io.cinemix.adapter.redis.RedisSettings;
import io.cinemix.domain.ratelimit.RateLimitPolicy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration as domain and adapter values, validated. Every failure is an {@link IllegalArgumentException}
 * whose message starts with the environment variable's name and never quotes a secret.
 */
record CinemixSettings(
        int port,
        Optional<OmdbSettings> omdb,
        Optional<RedisSettings> redis,
        CachePolicy cachePolicy,
        long omdbDailyBudget,
        long omdbClientShare,
        RateLimitPolicy rateLimitPolicy,
        RateLimiting.Scope rateLimitScope,
        TrustedProxies trustedProxies,
        ConnectionLimits connectionLimits,
        String logLevel,
        boolean jsonLogs,
        List<String> corsAllowedOrigins,
        Duration nearCacheTtl,
        OptionalInt managementPort) {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(s|m|h)?");
    /** The longest OMDB_TIMEOUT: a request thread waits this long at most for OMDb. */
    private static final Duration MAX_OMDB_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    static CinemixSettings from(CinemixProperties p) {
        int port = wholeNumber("PORT", p.port(), 8000, 1, 65535);
        Duration omdbTimeout = duration("OMDB_TIMEOUT", p.omdbTimeout(), Duration.ofSeconds(5), false);
        if (omdbTimeout.compareTo(MAX_OMDB_TIMEOUT) > 0) {
            throw invalid("OMDB_TIMEOUT", "must be at most " + MAX_OMDB_TIMEOUT.toSeconds() + " seconds, got '"
                    + abbreviate(p.omdbTimeout()) + "'.");
        }
        Optional<OmdbSettings> omdb = text(p.omdbApiKey())
                .map(key -> withTimeout(omdb(key, text(p.omdbBaseUrl())), omdbTimeout));
        Optional<RedisSettings> redis = text(p.redisUrl()).map(url -> redis(url, p));
        Duration ttl = duration("CACHE_TTL", p.cacheTtl(), Duration.ofHours(1), false);
        Duration grace = duration("CACHE_GRACE", p.cacheGrace(), CachePolicy.DEFAULT_GRACE, true);
        Duration staleWhileRevalidate = duration("CACHE_STALE_WHILE_REVALIDATE", p.cacheStaleWhileRevalidate(),
                Duration.ZERO, true);
        Duration negativeTtl = duration("NEGATIVE_CACHE_TTL", p.negativeCacheTtl(), CachePolicy.DEFAULT_NEGATIVE_TTL,
                true);
        Duration searchTtl = duration("SEARCH_CACHE_TTL", p.searchCacheTtl(), Duration.ZERO, true);
        long dailyBudget = wholeNumber("OMDB_DAILY_BUDGET", p.omdbDailyBudget(), 1000, 1, 1_000_000_000);
        // A tenth of the day by default: no one client can spend everyone's day.
        long clientShare = wholeNumber("OMDB_CLIENT_SHARE", p.omdbClientShare(), (int) (dailyBudget / 10), 0,
                1_000_000_000);
        int bucket = wholeNumber("BUCKET_SIZE", p.bucketSize(), 10, 1, 86_400);
        int window = wholeNumber("WINDOW_SIZE", p.windowSize(), 60, 1, 86_400);
        int threshold = wholeNumber("MAX_THRESHOLD", p.maxThreshold(), 10, 1,
                RateLimitPolicy.MAX_THRESHOLD_SUPPORTED);
        RateLimitPolicy policy;
        try {
            policy = RateLimitPolicy.ofSeconds(bucket, window, threshold);
        } catch (IllegalArgumentException e) {
            throw invalid("WINDOW_SIZE/BUCKET_SIZE", e.getMessage());
        }
        RateLimiting.Scope scope;
        try {
            scope = RateLimiting.Scope.parse(text(p.rateLimitScope()).orElse("client"));
        } catch (IllegalArgumentException e) {
            throw invalid("RATE_LIMIT_SCOPE", "must be 'client' or 'global', got '" + p.rateLimitScope() + "'.");
        }
        TrustedProxies trusted;
        try {
            trusted = TrustedProxies.parse(text(p.trustedProxies()).orElse(""));
        } catch (IllegalArgumentException e) {
            throw invalid("TRUSTED_PROXIES", "must be a comma-separated list of IP addresses or CIDR blocks: "
                    + e.getMessage() + ".");
        }
        String level = text(p.logLevel()).orElse("INFO").toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(level)) {
            throw invalid("LOG_LEVEL", "must be one of " + String.join(", ", LOG_LEVELS) + ", got '"
                    + p.logLevel() + "'.");
        }
        String format = text(p.logFormat()).orElse("text").strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw invalid("LOG_FORMAT", "must be 'text' or 'json', got '" + abbreviate(p.logFormat()) + "'.");
        }
        Duration nearTtl = duration("NEAR_CACHE_TTL", p.nearCacheTtl(), Duration.ofSeconds(10), true);
        List<String> origins = List.of(text(p.corsAllowedOrigins()).orElse("http://localhost:3000").split("\\s*,\\s*"));
        ConnectionLimits connections = new ConnectionLimits(
                duration("REQUEST_HEAD_TIMEOUT", p.requestHeadTimeout(), Duration.ofSeconds(10), true),
                wholeNumber("MAX_CONNECTIONS_PER_CLIENT", p.maxConnectionsPerClient(), 256, 1, 1_000_000),
                wholeNumber("MAX_CONNECTIONS", p.maxConnections(), 4096, 1, 1_000_000));
        OptionalInt managementPort = managementPort(p.managementPort(), port);
        return new CinemixSettings(port, omdb, redis,
                new CachePolicy(ttl, grace, negativeTtl, searchTtl, staleWhileRevalidate), dailyBudget,
                scope == RateLimiting.Scope.GLOBAL ? 0 : clientShare, policy,
                scope, trusted, connections, level, format.equals("json"), origins, nearTtl, managementPort);
    }

    /** Unset: the operator endpoints stay on PORT; set: a second port of their own, never PORT itself. */
    private static OptionalInt managementPort(String value, int port) {
        if (text(value).isEmpty()) {
            return OptionalInt.empty();
        }
        int managementPort = wholeNumber("MANAGEMENT_PORT", value, 0, 1, 65535);
        if (managementPort == port) {
            throw invalid("MANAGEMENT_PORT", "must differ from PORT (" + port + "), got '" + managementPort + "'.");
        }
        return OptionalInt.of(managementPort);
    }

    private static OmdbSettings omdb(String key, Optional<String> baseUrl) {
        OmdbSettings settings;
        try {
            settings = OmdbSettings.of(key);
        } catch (IllegalArgumentException e) {
            throw invalid("OMDB_API_KEY", "is not usable: " + e.getMessage());
        }
        if (baseUrl.isEmpty()) {
            return settings;
        }
        try {
            return settings.withBaseUrl(URI.create(baseUrl.get()));
        } catch (IllegalArgumentException e) {
            throw invalid("OMDB_BASE_URL", "must be an absolute http(s) URL without query, e.g. "
                    + "https://www.omdbapi.com/.");
        }
    }

    /** OMDB_TIMEOUT bounds a whole call (connect, answer, body); the connect alone gets no longer than that. */
    private static OmdbSettings withTimeout(OmdbSettings settings, Duration timeout) {
        Duration connect = settings.connectTimeout().compareTo(timeout) > 0 ? timeout : settings.connectTimeout();
        return new OmdbSettings(settings.baseUrl(), settings.apiKey(), connect, timeout,
                settings.maxConcurrentCalls(), settings.maxBodyBytes());
    }

    private static RedisSettings redis(String url, CinemixProperties p) {
        Optional<String> password = text(p.redisPassword());
        OptionalInt database = text(p.redisDb()).isPresent()
                ? OptionalInt.of(wholeNumber("REDIS_DB", p.redisDb(), 0, 0, 1_000_000))
                : OptionalInt.empty();
        try {
            RedisSettings defaults = RedisSettings.of(url);
            return new RedisSettings(url, password, database, defaults.connectTimeout(), defaults.commandTimeout());
        } catch (IllegalArgumentException e) {
            // The adapter's messages never quote the URL (it may hold a password).
            throw invalid("REDIS_URL", "is not usable: " + e.getMessage());
        }
    }

    private static int wholeNumber(String variable, String value, int fallback, int min, int max) {
        Optional<String> text = text(value);
        if (text.isEmpty()) {
            return fallback;
        }
        String trimmed = text.get().strip();
        if (!trimmed.matches("[0-9]{1,10}") || Long.parseLong(trimmed) < min || Long.parseLong(trimmed) > max) {
            throw invalid(variable, "must be a whole number from " + min + " to " + max + ", got '"
                    + abbreviate(trimmed) + "'.");
        }
        return Integer.parseInt(trimmed);
    }

    /** Whole seconds ({@code 3600}) or a number with a unit: {@code 90s}, {@code 30m}, {@code 1h}. */
    private static Duration duration(String variable, String value, Duration fallback, boolean zeroAllowed) {
        Optional<String> text = text(value);
        if (text.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.get().strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || (!zeroAllowed && Long.parseLong(m.group(1)) == 0)) {
            throw invalid(variable, "must be a " + (zeroAllowed ? "" : "positive ")
                    + "number of seconds (3600) or a duration such as 30m or 1h, "
                    + "got '" + abbreviate(text.get()) + "'.");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    private static IllegalArgumentException invalid(String variable, String problem) {
        return new IllegalArgumentException(variable + " " + problem);
    }
}
