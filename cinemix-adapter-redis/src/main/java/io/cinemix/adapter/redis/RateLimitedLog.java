package io.cinemix.adapter.redis;

import io.cinemix.domain.Ticker;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * ERROR lines about Redis failures, at most one per window: during an outage every request fails the same way, and
 * one line per request would bury everything else. The first failure of a window is logged; the following ones are
 * counted and the count is appended to the next line ("3 similar errors suppressed"). When a command succeeds again
 * after failures, one INFO line says so (with the suppressed count that was still pending).
 */
final class RateLimitedLog {
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    private final Logger logger;
    private final Ticker ticker;
    private final long windowNanos;
    private boolean logged;
    private long lastLoggedAt;
    private long suppressed;
    private long failuresSinceRecovery;
    private volatile boolean failing;

    RateLimitedLog(Logger logger, Ticker ticker, Duration window) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.windowNanos = window.toNanos();
    }

    /** Logs {@code message} and the failure at ERROR, unless a line was written less than a window ago. */
    void error(String message, Throwable failure) {
        String line;
        synchronized (this) {
            failing = true;
            failuresSinceRecovery++;
            long now = ticker.read();
            if (logged && now - lastLoggedAt < windowNanos) {
                suppressed++;
                return;
            }
            line = message + ": " + describe(failure) + (suppressed > 0
                    ? " (" + suppressed + " similar errors suppressed in the last " + windowNanos / 1_000_000_000L + " s)"
                    : "");
            logged = true;
            lastLoggedAt = now;
            suppressed = 0;
        }
        logger.log(Level.ERROR, line);
    }

    /** Records that a command succeeded; logs once at INFO when that ends a run of failures. */
    void succeeded() {
        if (!failing) {
            return;
        }
        String line;
        synchronized (this) {
            if (!failing) {
                return;
            }
            line = "Redis answers again after " + failuresSinceRecovery + " failed commands"
                    + (suppressed > 0 ? " (" + suppressed + " of them not logged)" : "");
            failing = false;
            failuresSinceRecovery = 0;
            suppressed = 0;
            logged = false;
        }
        logger.log(Level.INFO, line);
    }

    /** The failure's type and message, first line only (no stack trace: the type says enough for an outage). */
    static String describe(Throwable failure) {
        String text = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        return failure.getClass().getSimpleName() + (text.isEmpty() ? "" : " " + text);
    }
}
