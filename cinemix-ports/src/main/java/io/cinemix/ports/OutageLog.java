package io.cinemix.ports;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Log lines for an outage of something a component depends on (Redis, the upstream budget): during an outage every
 * request fails the same way, and one line per request would bury everything else. The first failure of an outage is
 * logged at ERROR, the following ones at DEBUG only; when the thing works again after failures, one INFO line says so
 * with the count. Thread-safe.
 */
public final class OutageLog {
    private final Logger logger;
    private final String recovery;
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param recovery the start of the INFO line that ends an outage, e.g. {@code "Redis answers again"}
     */
    public OutageLog(Logger logger, String recovery) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
    }

    /** Logs {@code message} and the failure: at ERROR if it starts an outage, else at DEBUG. */
    public void failed(String message, Throwable failure) {
        failed(message + ": " + describe(failure));
    }

    /** Logs {@code message}: at ERROR if it starts an outage, else at DEBUG. */
    public void failed(String message) {
        logger.log(failures.getAndIncrement() == 0 ? Level.ERROR : Level.DEBUG, message);
    }

    /** Records that things work; logs once at INFO when that ends an outage. Costs one read when there was none. */
    public void works() {
        if (failures.get() == 0) {
            return;
        }
        long ended = failures.getAndSet(0);
        if (ended > 0) {
            logger.log(Level.INFO, recovery + " after " + ended + (ended == 1 ? " failure" : " failures")
                    + (ended > 1 ? " (" + (ended - 1) + " of them logged at DEBUG only)" : ""));
        }
    }

    /** The failure's type and message, first line only (no stack trace: the type says enough for an outage). */
    public static String describe(Throwable failure) {
        String text = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        return failure.getClass().getSimpleName() + (text.isEmpty() ? "" : " " + text);
    }
}
