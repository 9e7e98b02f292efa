package io.cinemix.app;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import org.slf4j.ILoggerFactory;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logback's {@link AsyncAppender} (logback.xml's {@code CONSOLE_QUEUE}: the request's thread only queues its line, one
 * thread of the appender's own writes it) that counts the lines it drops, for {@code cinemix_log_lines_dropped_total}.
 * <p>
 * With {@code neverBlock}, AsyncAppender loses a line in two ways, neither counted: below {@code discardingThreshold}
 * free slots it discards TRACE/DEBUG/INFO ({@link #isDiscardable}), and on a full queue its {@code offer} fails
 * silently, whatever the level. Here the first is counted, and WARN/ERROR are discarded (counted) once fewer than
 * {@link #setReservedSlots reservedSlots} slots are free, so that a full queue, the silent loss, is not met unless
 * that many threads log in the same instant. So WARN and ERROR are dropped only long after INFO is.
 */
public class CountingAsyncAppender extends AsyncAppender {
    /** Free slots kept for the threads that raced past the check: more than the app's pools have threads. */
    static final int DEFAULT_RESERVED_SLOTS = 256;

    private final LongAdder dropped = new LongAdder();
    private int reservedSlots = DEFAULT_RESERVED_SLOTS;

    /**
     * The one installed on the root logger of logback's context, directly or behind an appender that hands it the
     * events (traces on: {@link TraceIdsInLogs}), if logback is the SLF4J backend.
     */
    static Optional<CountingAsyncAppender> installed(ILoggerFactory loggers) {
        return loggers instanceof LoggerContext logback
                ? find(logback.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders()) : Optional.empty();
    }

    private static Optional<CountingAsyncAppender> find(Iterator<Appender<ILoggingEvent>> appenders) {
        while (appenders.hasNext()) {
            Appender<ILoggingEvent> appender = appenders.next();
            if (appender instanceof CountingAsyncAppender queue) {
                return Optional.of(queue);
            }
            if (appender instanceof AppenderAttachable<?> wrapper && !(appender instanceof AsyncAppender)) {
                @SuppressWarnings("unchecked")
                Iterator<Appender<ILoggingEvent>> inner =
                        ((AppenderAttachable<ILoggingEvent>) wrapper).iteratorForAppenders();
                Optional<CountingAsyncAppender> found = find(inner);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** Called by AsyncAppender only while fewer than {@code discardingThreshold} slots are free. */
    @Override
    protected boolean isDiscardable(ILoggingEvent event) {
        boolean discard = event.getLevel().isGreaterOrEqual(Level.WARN)
                ? getRemainingCapacity() < reservedSlots : super.isDiscardable(event);
        if (discard) {
            dropped.increment();
        }
        return discard;
    }

    /** Lines not written since the appender started. */
    public long dropped() {
        return dropped.sum();
    }

    public int getReservedSlots() {
        return reservedSlots;
    }

    /** Below this many free slots WARN and ERROR are dropped too (keep it under {@code discardingThreshold}). */
    public void setReservedSlots(int reservedSlots) {
        this.reservedSlots = reservedSlots;
    }
}
