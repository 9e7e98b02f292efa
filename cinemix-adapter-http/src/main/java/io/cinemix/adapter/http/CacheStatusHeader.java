package io.cinemix.adapter.http;

import io.cinemix.ports.CacheStatus;

/** The RFC 9211 {@code Cache-Status} value for a details lookup; the cache is named {@code cinemix}. */
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
        };
    }

    /** The access log's word for a value of {@link #of}: {@code hit}, {@code stale} or {@code miss}. */
    static String word(String header) {
        if (header.contains("detail=stale")) {
            return "stale";
        }
        return header.contains("fwd=miss") ? "miss" : "hit";
    }
}
