package io.cinemix.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.cinemix.domain.ApiKeyMask;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.mask.RegexValueMasker;

/**
 * {@code LOG_FORMAT=json}: the console appender of logback.xml writes one JSON object per line (logstash-logback-encoder)
 * instead of the plain pattern: {@code timestamp}, {@code level}, {@code logger}, {@code message}, the event's key-value
 * pairs as fields of their own (the access line's {@code method}, {@code path}, {@code status}, {@code duration_ms},
 * {@code client}, {@code cache}) and {@code stack_trace}; every string value with its {@code apikey=} masked
 * ({@link ApiKeyMask}), as {@link MaskingConverter} masks the plain lines.
 */
final class JsonLogFormat {
    static final String CONSOLE = "STDOUT";

    private JsonLogFormat() {
    }

    /** Switches the console appender to JSON lines. */
    static void install(LoggerContext context) {
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = CountingAsyncAppender.installed(context)
                .map(queue -> (ConsoleAppender<ILoggingEvent>) queue.getAppender(CONSOLE))
                .orElseThrow(() -> new IllegalStateException("logback.xml has no console appender named " + CONSOLE
                        + " behind its queue"));
        LogstashEncoder json = new LogstashEncoder();
        json.setContext(context);
        LogstashFieldNames names = json.getFieldNames();
        names.setTimestamp("timestamp");
        names.setLogger("logger");
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        names.setThread("[ignore]");
        MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
        masking.addValueMasker(new RegexValueMasker(ApiKeyMask.PARAMETER, ApiKeyMask.MASKED));
        masking.start();
        json.setJsonGeneratorDecorator(masking);
        json.start();
        // The console keeps its place behind the queue with a new encoder: only the queue's thread encodes, and it
        // sees the new one from the first line queued after this.
        console.setEncoder(json);
    }
}
