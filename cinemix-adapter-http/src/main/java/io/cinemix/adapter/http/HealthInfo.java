package io.cinemix.adapter.http;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code GET /health} reports besides "UP"; a bean the application provides.
 *
 * @param cacheBackend   {@code redis} or {@code in-process}
 * @param catalog        {@code omdb} or {@code offline}
 * @param cacheReachable asked on every health request (may block briefly, e.g. a Redis PING)
 * @param upstream       the upstream's budget and circuit, asked on every health request; empty for the offline
 *                       catalog
 */
public record HealthInfo(String cacheBackend, String catalog, BooleanSupplier cacheReachable,
                         Supplier<Optional<Upstream>> upstream) {

    /**
     * @param budgetRemaining upstream calls left today
     * @param circuit         the circuit breaker's state: {@code closed}, {@code open} or {@code half_open}
     */
    public record Upstream(long budgetRemaining, String circuit) {
        public Upstream {
            Objects.requireNonNull(circuit, "circuit");
        }
    }

    public HealthInfo {
        Objects.requireNonNull(cacheBackend, "cacheBackend");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(cacheReachable, "cacheReachable");
        Objects.requireNonNull(upstream, "upstream");
    }

    /** Without an upstream section (the offline catalog). */
    public HealthInfo(String cacheBackend, String catalog, BooleanSupplier cacheReachable) {
        this(cacheBackend, catalog, cacheReachable, Optional::empty);
    }
}
