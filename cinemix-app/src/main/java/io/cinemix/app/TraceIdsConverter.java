package io.cinemix.app;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.Map;

/**
 * {@code %traceIds} in logback.xml: {@code " trace_id=... span_id=..."} for a line written while a span was current
 * (traces on, {@link TraceIdsInLogs}), nothing otherwise.
 */
public final class TraceIdsConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        String traceId = mdc == null ? null : mdc.get("trace_id");
        return traceId == null ? "" : " trace_id=" + traceId + " span_id=" + mdc.get("span_id");
    }
}
