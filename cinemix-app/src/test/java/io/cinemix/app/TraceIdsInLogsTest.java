package io.cinemix.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With traces on, the ids of the span current on the logging thread reach the line the console's queue writes later on
 * its own thread; lines written outside a span carry none.
 */
class TraceIdsInLogsTest {

    @Test
    void aLineWrittenInASpanEndsWithItsIdsAndALineOutsideOneWithNothing() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        CountingAsyncAppender queue = CountingAsyncAppender.installed(context).orElseThrow();
        @SuppressWarnings("unchecked")
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) queue.getAppender(JsonLogFormat.CONSOLE);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        console.setOutputStream(written);

        TraceIdsInLogs.install(context);
        TraceIdsInLogs.install(context); // once only
        Logger logger = context.getLogger("test");
        Span span;
        try (SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
            span = tracing.get("test").spanBuilder("request").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                logger.info("in the span");
            }
            span.end();
            logger.info("outside");
        }
        assertThat(CountingAsyncAppender.installed(context)).as("still found, behind the ids appender").containsSame(queue);
        context.stop(); // writes what is queued

        List<String> lines = written.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith(" - in the span trace_id=" + span.getSpanContext().getTraceId()
                + " span_id=" + span.getSpanContext().getSpanId());
        assertThat(lines.get(1)).endsWith(" - outside");
    }
}
