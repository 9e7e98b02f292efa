/**
 * The HTTP front of Cinemix (Micronaut, Netty): the {@code /api/v1} contract, {@code /health}, the one error mapping,
 * the rate-limit and access-log filters.
 *
 * <p>It knows the ports and the domain only, never another adapter. The application provides these beans:
 * {@link io.cinemix.core.port.MovieSearch} (the use case), {@link io.cinemix.adapter.http.RateLimiting} (policy, scope,
 * ticker), {@link io.cinemix.adapter.http.TrustedProxies} (whose {@code X-Forwarded-For} to believe),
 * {@link io.cinemix.adapter.http.HealthInfo} (cache and catalog for {@code /health}) and a {@link java.time.Clock}
 * (the next UTC midnight, when a daily quota's reset time is unknown).
 */
package io.cinemix.adapter.http;
