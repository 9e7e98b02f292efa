package io.cinemix.adapter.http;

import io.cinemix.core.port.CacheStatus;


/** The RFC 9211 {@code Cache-Status} value for a lookup (details or search); the cache is named {@code cinemix}. */
final class CacheStatusHeader {
    static final String NAME = "Cache-Status";

    private CacheStatusHeader() {
    }

    static String of(CacheStatus status) {
        return switch (status) {
            case HIT -> "cinemix; hit";
            case STALE -> "cinemix; hit; detail=stale";
            case STORED -> "cinemix; fwd=miss; stored";
            case NOT_STORED -> "cinemix; fwd=miss";
            case BYPASS -> "cinemix; fwd=bypass";
        };
    }

    /** The access log's word for a value of {@link #of}: {@code hit}, {@code stale}, {@code miss} or {@code bypass}. */
    static String word(String header) {
        if (header.contains("detail=stale")) {
            return "stale";
        }
        if (header.contains("fwd=bypass")) {
            return "bypass";
        }
        return header.contains("fwd=miss") ? "miss" : "hit";
    }
}
