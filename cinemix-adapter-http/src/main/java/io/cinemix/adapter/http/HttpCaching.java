package io.cinemix.adapter.http;

import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.Freshness;

import io.micronaut.http.MutableHttpResponse;

import java.time.Duration;

/**
 * HTTP caching of answers (RFC 9110 §8.8.3, §13.1.2; RFC 9111 §5.1, §5.2): the validator and freshness headers, and
 * the {@code If-None-Match} test that turns an answer into {@code 304 Not Modified}.
 */
final class HttpCaching {
    static final String NO_STORE = "no-store";

    private HttpCaching() {
    }

    /**
     * {@code ETag}, {@code Cache-Control: public, max-age=<fresh seconds left>[, stale-while-revalidate=<seconds>]
     * [, stale-if-error=<grace>]} (a stale answer: {@code max-age=0}; the stale-while-revalidate window whole while
     * fresh, its seconds left once stale) and {@code Age}.
     */
    static <T> MutableHttpResponse<T> headers(MutableHttpResponse<T> response, String etag, CacheStatus status,
                                              Freshness freshness) {
        boolean stale = status == CacheStatus.STALE || status == CacheStatus.REVALIDATING;
        long maxAge = stale ? 0 : seconds(freshness.left());
        String cacheControl = "public, max-age=" + maxAge + (freshness.staleWhileRevalidate().isZero() ? ""
                : ", stale-while-revalidate=" + seconds(freshness.staleWhileRevalidate()))
                + (freshness.staleIfError().isZero() ? "" : ", stale-if-error=" + seconds(freshness.staleIfError()));
        return response.header("ETag", etag)
                .header("Cache-Control", cacheControl)
                .header("Age", Long.toString(seconds(freshness.age())));
    }

    /**
     * Whether an {@code If-None-Match} value matches the current representation's tag: {@code *}, or a list of
     * entity tags one of which equals it under the weak comparison ({@code W/} prefixes ignored, RFC 9110 §8.8.3.2).
     */
    static boolean noneMatchFails(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        String opaque = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            if (opaque(candidate.strip()).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** Whole seconds, rounded down: a cache must not keep an answer longer than it may. */
    static long seconds(Duration duration) {
        return Math.max(0, duration.getSeconds());
    }
}
