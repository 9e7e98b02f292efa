package io.cinemix.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What a connection may hold before it has sent a request, and how many connections the server keeps; a bean the
 * application provides.
 *
 * @param requestHeadTimeout longest time from a connection's start, or from the first byte of its next request, to
 *                           the end of that request's head; then 408 and the connection is closed ({@code ZERO}: no
 *                           deadline, the idle timeouts alone)
 * @param perClient          connections one client address (IPv6: one /64) may hold at once; a trusted proxy's are
 *                           counted in the total only; more are answered 503 and closed
 * @param total              connections the server holds at once; more are answered 503 and closed
 */
public record ConnectionLimits(Duration requestHeadTimeout, int perClient, int total) {
    public ConnectionLimits {
        Objects.requireNonNull(requestHeadTimeout, "requestHeadTimeout");
        if (requestHeadTimeout.isNegative()) {
            throw new IllegalArgumentException("The request head timeout must not be negative, got "
                    + requestHeadTimeout + ".");
        }
        if (perClient < 1 || total < 1) {
            throw new IllegalArgumentException("Connection caps must be at least 1, got " + perClient
                    + " per client and " + total + " in total.");
        }
    }
}
