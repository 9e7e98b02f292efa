package io.cinemix.adapter.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What {@code GET /health} reports besides "UP"; a bean the application provides.
 *
 * @param cacheBackend   {@code redis} or {@code in-process}
 * @param catalog        {@code omdb} or {@code offline}
 * @param cacheReachable asked on every health request (may block briefly, e.g. a Redis PING)
 */
public record HealthInfo(String cacheBackend, String catalog, BooleanSupplier cacheReachable) {
    public HealthInfo {
        Objects.requireNonNull(cacheBackend, "cacheBackend");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(cacheReachable, "cacheReachable");
    }
}
