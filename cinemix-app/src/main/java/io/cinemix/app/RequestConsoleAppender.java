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
 * {@code maxHoldMillis} (50) at most; every other line is written at once, after whatever waits before it. So a cache
 * hit costs one {@code write(2)}, not two, and nothing that is not held ever waits: an access line, a warning or an
 * error is out before the call that logs it returns, at shutdown too.
 *
 * <p>Each line takes the output lock once, to copy its bytes (and to write them out if they are not held). Events
 * are encoded on the calling thread, as with logback's {@code ConsoleAppender}, so they are not prepared for deferred
 * processing (no copy of the MDC).
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
    private final AtomicBoolean timerSet = new AtomicBoolean();
    private final Timer givenTimer;
    private int maxHoldMillis = 50;
    private ScheduledExecutorService ownTimer;
    private Timer timer;

    /** Runs a task once after a delay. */
    @FunctionalInterface
    interface Timer {
        void schedule(Runnable task, long delayMillis);
    }

    public RequestConsoleAppender() {
        this(null);
    }

    /** With the timer for held lines (tests); {@code null} for a thread of its own. */
    RequestConsoleAppender(Timer timer) {
        this.givenTimer = timer;
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
        setOutputStream(new BufferedOutputStream(new StandardOutput(), BUFFER_BYTES));
        if (givenTimer == null) {
            ownTimer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "console-log-flush");
                thread.setDaemon(true);
                return thread;
            });
            timer = (task, delayMillis) -> ownTimer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } else {
            timer = givenTimer;
        }
        super.start();
    }

    @Override
    public void stop() {
        super.stop(); // writes out what is held, under the output lock
        if (ownTimer != null) {
            ownTimer.shutdownNow();
        }
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        if (!isStarted()) {
            return;
        }
        boolean hold = held.contains(event.getLoggerName()) && !event.getLevel().isGreaterOrEqual(Level.WARN);
        try {
            byte[] line = encoder.encode(event);
            streamWriteLock.lock();
            try {
                getOutputStream().write(line);
                if (!hold) {
                    getOutputStream().flush();
                }
            } finally {
                streamWriteLock.unlock();
            }
        } catch (IOException | RuntimeException e) {
            started = false; // as logback's own appenders do on a broken stream: report once, then stay quiet
            addStatus(new ErrorStatus("Could not write to standard output", this, e));
            return;
        }
        if (hold && !timerSet.get() && timerSet.compareAndSet(false, true)) {
            // One timer at a time, whatever writes out in between: held lines come by the thousand a second.
            timer.schedule(this::flushHeld, maxHoldMillis);
        }
    }

    private void flushHeld() {
        timerSet.set(false);
        streamWriteLock.lock();
        try {
            getOutputStream().flush();
        } catch (IOException e) {
            addStatus(new ErrorStatus("Could not write to standard output", this, e));
        } finally {
            streamWriteLock.unlock();
        }
    }

    /** {@link System#out} as it is at each write; closing it only flushes. */
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

        @Override
        public void close() {
            System.out.flush();
        }
    }
}
