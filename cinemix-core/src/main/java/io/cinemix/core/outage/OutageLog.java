package io.cinemix.core.outage;

import io.cinemix.domain.Ticker;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Log lines for an outage of something a component depends on (Redis, the upstream budget): during an outage every
 * request fails the same way, and one line per request would bury everything else. The first failure of an outage is
 * logged at ERROR, the following ones at DEBUG only; when the thing works again after failures, one INFO line says so
 * with the count.
 *
 * <p>A dependency that flaps (a Redis that answers some commands within their bound and misses others, under load)
 * would start a new outage at every flap: an outage that starts within {@link #QUIET} of the last one logged at ERROR
 * is logged at DEBUG only, its end too. So each component logs at most one ERROR a minute. Time comes from the
 * injected {@link Ticker}. Thread-safe.
 */
public final class OutageLog {
    /** How long after an outage logged at ERROR a new one is logged at DEBUG only. */
    static final Duration QUIET = Duration.ofMinutes(1);

    private final Logger logger;
    private final String recovery;
    private final Ticker ticker;
    private final AtomicLong failures = new AtomicLong();
    // Guarded by this.
    private long reportedAt;
    private boolean everReported;
    /** Whether the outage under way was logged at ERROR. */
    private volatile boolean reported;

    /**
     * @param recovery the start of the INFO line that ends an outage, e.g. {@code "Redis answers again"}
     */
    public OutageLog(Logger logger, String recovery) {
        this(logger, recovery, System::nanoTime);
    }

    /** {@link #OutageLog(Logger, String)} timed by {@code ticker} (tests pass a fake one). */
    public OutageLog(Logger logger, String recovery, Ticker ticker) {
        this.logger = Objects.requireNonNull(logger, "logger");
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Logs {@code message} and the failure: at ERROR if it starts an outage (see the class comment), else DEBUG. */
    public void failed(String message, Throwable failure) {
        failed(message + ": " + describe(failure));
    }

    /** Logs {@code message}: at ERROR if it starts an outage (see the class comment), else at DEBUG. */
    public void failed(String message) {
        boolean starts = failures.getAndIncrement() == 0;
        logger.log(starts && reportStart() ? Level.ERROR : Level.DEBUG, message);
    }

    /** Records that things work; logs once when that ends an outage. Costs one read when there was none. */
    public void works() {
        if (failures.get() == 0) {
            return;
        }
        long ended = failures.getAndSet(0);
        if (ended > 0) {
            logger.log(reported ? Level.INFO : Level.DEBUG, recovery + " after " + ended
                    + (ended == 1 ? " failure" : " failures")
                    + (ended > 1 ? " (" + (ended - 1) + " of them logged at DEBUG only)" : ""));
        }
    }

    /** Whether the outage starting now is logged at ERROR: none was within {@link #QUIET}. */
    private synchronized boolean reportStart() {
        long now = ticker.read();
        reported = !everReported || now - reportedAt >= QUIET.toNanos();
        if (reported) {
            reportedAt = now;
            everReported = true;
        }
        return reported;
    }

    /** The failure's type and message, first line only (no stack trace: the type says enough for an outage). */
    public static String describe(Throwable failure) {
        String text = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        return failure.getClass().getSimpleName() + (text.isEmpty() ? "" : " " + text);
    }
}
