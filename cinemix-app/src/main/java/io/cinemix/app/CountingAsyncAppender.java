package io.cinemix.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import net.logstash.logback.appender.listener.AppenderListener;
import org.slf4j.ILoggerFactory;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * logback.xml's {@code CONSOLE_QUEUE}: the request's thread only puts its line in a ring buffer, one thread of the
 * appender's own writes it (logstash-logback-encoder's {@link LoggingEventAsyncDisruptorAppender}), and the lines it
 * drops are counted, for {@code cinemix_log_lines_dropped_total}.
 *
 * <p>Why this appender rather than logback's {@code AsyncAppender}: that one's thread waits on its queue, so at one
 * line a request nearly every line woke it (a futex call and a context switch: part of what a cached answer costs
 * more at INFO, in {@code docs/benchmarks.md}). Here the thread sleeps between batches (logback.xml's
 * {@code waitStrategyType}): a line is never signalled, it is written at most one sleep later, with the others
 * queued meanwhile. Its own status messages are off ({@code addDefaultStatusListener}): they would be printed on the
 * logging thread.
 *
 * <p>It never blocks a request: TRACE/DEBUG/INFO are dropped once fewer than {@link #setDiscardingThreshold
 * discardingThreshold} slots are free, WARN and ERROR only when the buffer is full; both counted. The lines still in
 * the buffer are written when the logger context stops, within {@code shutdownGracePeriod}.
 */
public class CountingAsyncAppender extends LoggingEventAsyncDisruptorAppender {
    private final LongAdder dropped = new LongAdder();
    private int discardingThreshold;

    public CountingAsyncAppender() {
        addListener(new AppenderListener<>() {
            @Override
            public void eventAppendFailed(Appender<ILoggingEvent> appender, ILoggingEvent event, Throwable reason) {
                dropped.increment(); // the buffer was full
            }
        });
    }

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
            if (appender instanceof AppenderAttachable<?> wrapper) {
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

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN)
                && getDisruptor().getRingBuffer().remainingCapacity() < discardingThreshold) {
            dropped.increment();
            return;
        }
        super.append(event);
    }

    /** Lines not written since the appender started. */
    public long dropped() {
        return dropped.sum();
    }

    public int getDiscardingThreshold() {
        return discardingThreshold;
    }

    /** Below this many free slots TRACE, DEBUG and INFO are dropped (WARN and ERROR only on a full buffer). */
    public void setDiscardingThreshold(int discardingThreshold) {
        this.discardingThreshold = discardingThreshold;
    }
}
