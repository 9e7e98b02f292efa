package io.cinemix.adapter.http;

import io.cinemix.core.port.CacheStatus;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;

import java.util.Optional;

/**
 * The cache's answer to a lookup (details or search), carried on the lookup's response as an attribute: the RFC 9211
 * {@code Cache-Status} header is written from it (the cache is named {@code cinemix}), and the access log and the
 * metrics read it, never the header.
 */
public final class AnswerCacheStatus {
    static final String HEADER = "Cache-Status";
    private static final String ATTRIBUTE = AnswerCacheStatus.class.getName();

    private AnswerCacheStatus() {
    }

    /** {@code response}, carrying {@code status} as its attribute and as its {@code Cache-Status} header. */
    static <B> MutableHttpResponse<B> carry(MutableHttpResponse<B> response, CacheStatus status) {
        return response.attribute(ATTRIBUTE, status).header(HEADER, header(status));
    }

    /** The cache's answer a response carries: empty for anything but a lookup's answer (errors included). */
    public static Optional<CacheStatus> of(HttpResponse<?> response) {
        // The untyped lookup: the typed one runs the conversion service on every response.
        return response.getAttribute(ATTRIBUTE).orElse(null) instanceof CacheStatus status
                ? Optional.of(status) : Optional.empty();
    }

    /** The access log's and the metrics' word for it: {@code hit}, {@code stale}, {@code miss} or {@code bypass}. */
    public static String word(CacheStatus status) {
        return switch (status) {
            case HIT -> "hit";
            case STALE, REVALIDATING -> "stale";
            case STORED, NOT_STORED -> "miss";
            case BYPASS -> "bypass";
        };
    }

    static String header(CacheStatus status) {
        return switch (status) {
            case HIT -> "cinemix; hit";
            case STALE, REVALIDATING -> "cinemix; hit; detail=stale";
            case STORED -> "cinemix; fwd=miss; stored";
            case NOT_STORED -> "cinemix; fwd=miss";
            case BYPASS -> "cinemix; fwd=bypass";
        };
    }
}
