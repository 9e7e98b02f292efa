package io.cinemix.adapter.omdb;

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
 * Captures every log record reaching the root java.util.logging logger, where {@link System.Logger} goes when no
 * other {@code LoggerFinder} is installed (as in this module's tests).
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Logger root = Logger.getLogger("");

    static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        capture.root.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** Each record fully formatted: logger, level, message with parameters, and any stack trace. */
    List<String> lines() {
        return records.stream().map(formatter::format).toList();
    }

    /** The messages (parameters applied) logged by the given logger at the given level. */
    List<String> messages(String loggerName, Level level) {
        return records.stream()
                .filter(r -> loggerName.equals(r.getLoggerName()) && r.getLevel().equals(level))
                .map(formatter::formatMessage)
                .toList();
    }

    static String describe(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return t + "\n" + t.getMessage() + "\n" + t.getLocalizedMessage() + "\n" + out;
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
