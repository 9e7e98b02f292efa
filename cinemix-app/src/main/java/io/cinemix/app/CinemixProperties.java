package io.cinemix.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * The raw settings as {@code application.yml} maps them from environment variables, kept as text so that
 * {@link CinemixSettings} can validate each one and name the variable when it is wrong.
 */
@ConfigurationProperties("cinemix")
record CinemixProperties(
        @Nullable String port,
        @Nullable String omdbApiKey,
        @Nullable String omdbBaseUrl,
        @Nullable String redisUrl,
        @Nullable String redisPassword,
        @Nullable String redisDb,
        @Nullable String cacheTtl,
        @Nullable String cacheGrace,
        @Nullable String cacheStaleWhileRevalidate,
        @Nullable String negativeCacheTtl,
        @Nullable String omdbDailyBudget,
        @Nullable String omdbClientShare,
        @Nullable String bucketSize,
        @Nullable String windowSize,
        @Nullable String maxThreshold,
        @Nullable String rateLimitScope,
        @Nullable String trustedProxies,
        @Nullable String logLevel,
        @Nullable String logFormat,
        @Nullable String corsAllowedOrigins,
        @Nullable String omdbTimeout,
        @Nullable String nearCacheTtl,
        @Nullable String requestHeadTimeout,
        @Nullable String maxConnectionsPerClient,
        @Nullable String maxConnections,
        @Nullable String searchCacheTtl,
        @Nullable String managementPort) {
}
