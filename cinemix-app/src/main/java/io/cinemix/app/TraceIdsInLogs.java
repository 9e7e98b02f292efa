package io.cinemix.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import org.slf4j.ILoggerFactory;

/**
 * With traces on, every log line written while a span is current carries its {@code trace_id} and {@code span_id}
 * (and {@code trace_flags}) in its MDC: OpenTelemetry's logback MDC appender takes the place of logback.xml's console
 * queue on the root logger and hands each event to it, so the ids are read on the logging thread, before the queue's
 * own thread writes the line. The text pattern prints them ({@link TraceIdsConverter}), the JSON lines have them as
 * fields. Off, none of this is installed.
 */
final class TraceIdsInLogs {

    private TraceIdsInLogs() {
    }

    static void install(ILoggerFactory loggers) {
        if (!(loggers instanceof LoggerContext logback)) {
            return;
        }
        CountingAsyncAppender.installed(logback).ifPresent(queue -> {
            Logger root = logback.getLogger(Logger.ROOT_LOGGER_NAME);
            if (!root.isAttached(queue)) {
                return; // already behind the MDC appender
            }
            StoppingOpenTelemetryAppender ids = new StoppingOpenTelemetryAppender();
            ids.setContext(logback);
            ids.setName("TRACE_IDS");
            ids.addAppender(queue);
            ids.start();
            root.addAppender(ids);
            root.detachAppender(queue);
        });
    }

    /** Stops the console queue with itself (writing the lines still queued), as the root logger did before. */
    static final class StoppingOpenTelemetryAppender extends OpenTelemetryAppender {
        @Override
        public void stop() {
            super.stop();
            detachAndStopAllAppenders();
        }
    }
}
