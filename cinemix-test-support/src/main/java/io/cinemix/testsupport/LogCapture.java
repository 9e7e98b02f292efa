package io.cinemix.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures log records reaching a java.util.logging logger, where {@link System.Logger} goes when no other
 * {@code LoggerFinder} is installed (as in the framework-free modules' tests): every logger's ({@link #start()}) or
 * one class's ({@link #of(Class)}).
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Logger logger;

    private LogCapture(Logger logger) {
        this.logger = logger;
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Captures what every logger logs (a handler on the root logger). */
    public static LogCapture start() {
        return new LogCapture(Logger.getLogger(""));
    }

    /** Captures what {@code source} logs (a handler on its logger). */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(Logger.getLogger(source.getName()));
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** Each record fully formatted: logger, level, message with parameters, and any stack trace. */
    public List<String> lines() {
        return records.stream().map(formatter::format).toList();
    }

    /**
     * The records at {@code level} as "LEVEL message", with System.Logger's level names (ERROR, WARN, INFO, DEBUG)
     * for JUL's levels (SEVERE → ERROR).
     */
    public List<String> lines(String level) {
        return records.stream()
                .filter(r -> levelName(r.getLevel()).equals(level))
                .map(r -> levelName(r.getLevel()) + " " + formatter.formatMessage(r))
                .toList();
    }

    /** The messages (parameters applied) logged by the given logger at the given level. */
    public List<String> messages(String loggerName, Level level) {
        return records.stream()
                .filter(r -> loggerName.equals(r.getLoggerName()) && r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .toList();
    }

    /** Everything a throwable says about itself: to check that none of it leaks a secret. */
    public static String describe(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return t + "\n" + t.getMessage() + "\n" + t.getLocalizedMessage() + "\n" + out;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }

    private static String levelName(Level level) {
        if (level.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (level.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (level.intValue() >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }
}
