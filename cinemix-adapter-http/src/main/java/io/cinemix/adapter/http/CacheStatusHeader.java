package io.cinemix.adapter.http;

import io.cinemix.ports.CacheStatus;

/** The RFC 9211 {@code Cache-Status} value for a details lookup; the cache is named {@code cinemix}. */
final class CacheStatusHeader {
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
}
