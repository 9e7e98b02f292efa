package io.cinemix.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.ErrorStatus;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Standard output (as {@link System#out} is when written) for the console log, writing a request's lines together:
 * a line below WARN from a logger named with {@code <held>} (the service's "Cache hit for ...", which the request's
 * access line follows within microseconds) waits in a buffer for the next line that is not held, or
 * {@code maxHoldMillis} (50) at most, and for the JVM's shutdown; every other line is written at once, after whatever
 * waits before it. So a cache hit costs one {@code write(2)}, not two, and nothing that is not held ever waits: an
 * access line, a warning or an error is out before the call that logs it returns. The appender decides when to
 * flush: {@code <immediateFlush>} is ignored.
 *
 * <p>Each line takes the output lock once. Events are encoded on the calling thread, as with logback's
 * {@code ConsoleAppender}, so they are not prepared for deferred processing (no copy of the MDC).
 *
 * <pre>{@code
 * <appender name="STDOUT" class="io.cinemix.app.RequestConsoleAppender">
 *     <held>io.cinemix.ports.CachingMovieSearch</held>
 *     <encoder><pattern>...</pattern></encoder>
 * </appender>
 * }</pre>
 */
public final class RequestConsoleAppender extends OutputStreamAppender<ILoggingEvent> {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final Set<String> held = new HashSet<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final OutputStream target;
    private final FlushScheduler givenScheduler;
    private int maxHoldMillis = 50;
    private ScheduledExecutorService ownTimer;
    private FlushScheduler scheduler;
    private Thread shutdownHook;

    /** Runs a flush once, after a delay. */
    @FunctionalInterface
    interface FlushScheduler {
        void schedule(Runnable flush, long delayMillis);
    }

    public RequestConsoleAppender() {
        this(new StandardOutput(), null);
    }

    /** Writing to {@code target}, with {@code scheduler} for held lines (tests); {@code null} for a thread of its own. */
    RequestConsoleAppender(OutputStream target, FlushScheduler scheduler) {
        this.target = target;
        this.givenScheduler = scheduler;
    }

    /** A logger whose lines below WARN may wait for the next line (a {@code <held>} element). */
    public void addHeld(String loggerName) {
        held.add(loggerName);
    }

    /** Whether lines of this logger below WARN may wait for the next line. */
    boolean holds(String loggerName) {
        return held.contains(loggerName);
    }

    /** How long a held line waits at most for the next line (a {@code <maxHoldMillis>} element). */
    public void setMaxHoldMillis(int maxHoldMillis) {
        this.maxHoldMillis = maxHoldMillis;
    }

    @Override
    public void start() {
        if (maxHoldMillis < 1) {
            addError("maxHoldMillis must be at least 1, not " + maxHoldMillis);
            return;
        }
        setImmediateFlush(false);
        setOutputStream(new BufferedOutputStream(new Unclosable(target), BUFFER_BYTES));
        flushScheduled.set(false); // a timer that a stop() cancelled will not clear it
        if (givenScheduler == null) {
            ownTimer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "console-log-flush");
                thread.setDaemon(true);
                return thread;
            });
            scheduler = (flush, delayMillis) -> ownTimer.schedule(flush, delayMillis, TimeUnit.MILLISECONDS);
            // Nobody stops logback at exit: write out what is held when the JVM begins to shut down.
            shutdownHook = new Thread(this::flushHeld, "console-log-flush-at-exit");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            scheduler = givenScheduler;
        }
        super.start();
    }

    @Override
    public void stop() {
        super.stop(); // writes out what is held, under the output lock
        if (ownTimer != null) {
            ownTimer.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        boolean hold = held.contains(event.getLoggerName()) && !event.getLevel().isGreaterOrEqual(Level.WARN);
        byte[] line = encoder.encode(event); // outside the lock; an exception here is logback's to report
        streamWriteLock.lock();
        try {
            if (!isStarted()) {
                return;
            }
            getOutputStream().write(line);
            if (!hold) {
                getOutputStream().flush();
            }
        } catch (IOException e) {
            addStatus(new ErrorStatus("Could not write to standard output", this, e));
            return;
        } finally {
            streamWriteLock.unlock();
        }
        if (hold && !flushScheduled.get() && flushScheduled.compareAndSet(false, true)) {
            // One timer at a time, whatever writes out in between: held lines come by the thousand a second.
            scheduler.schedule(() -> {
                flushScheduled.set(false);
                flushHeld();
            }, maxHoldMillis);
        }
    }

    private void flushHeld() {
        streamWriteLock.lock();
        try {
            if (isStarted()) {
                getOutputStream().flush();
            }
        } catch (IOException e) {
            addStatus(new ErrorStatus("Could not write to standard output", this, e));
        } finally {
            streamWriteLock.unlock();
        }
    }

    /** {@link System#out} as it is at each write. */
    private static final class StandardOutput extends OutputStream {
        @Override
        public void write(int b) {
            System.out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.out.flush();
        }
    }

    /** The target, which stopping the appender flushes but never closes. */
    private static final class Unclosable extends OutputStream {
        private final OutputStream target;

        Unclosable(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            target.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.flush();
        }
    }
}
