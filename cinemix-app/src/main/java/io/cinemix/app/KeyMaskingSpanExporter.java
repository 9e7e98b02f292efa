package io.cinemix.app;

import io.cinemix.domain.ApiKeyMask;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;
import java.util.List;

/**
 * Hands the exporter every span with {@code apikey=<value>} masked in its name, in each string attribute (the HTTP
 * client instrumentation writes the OMDb URL, query included, to {@code url.full}), in each event's attributes (an
 * exception's message may quote the URL) and in its status description. The last gate before the wire: no instrumentation setting is trusted for it.
 */
final class KeyMaskingSpanExporter implements SpanExporter {
    private final SpanExporter delegate;

    KeyMaskingSpanExporter(SpanExporter delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return delegate.export(spans.stream().<SpanData>map(Masked::new).toList());
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    @Override
    public void close() {
        delegate.close();
    }

    static Attributes masked(Attributes attributes) {
        AttributesBuilder masked = Attributes.builder();
        attributes.forEach((key, value) -> put(masked, key, value));
        return masked.build();
    }

    @SuppressWarnings("unchecked")
    private static void put(AttributesBuilder builder, AttributeKey<?> key, Object value) {
        switch (key.getType()) {
            case STRING -> builder.put((AttributeKey<String>) key, ApiKeyMask.mask((String) value));
            case STRING_ARRAY -> builder.put((AttributeKey<List<String>>) key,
                    ((List<String>) value).stream().map(ApiKeyMask::mask).toList());
            default -> builder.put((AttributeKey<Object>) key, value);
        }
    }

    private static final class Masked extends DelegatingSpanData {
        private final Attributes attributes;
        private final List<EventData> events;

        Masked(SpanData span) {
            super(span);
            this.attributes = masked(span.getAttributes());
            this.events = span.getEvents().stream().map(event -> EventData.create(event.getEpochNanos(),
                    ApiKeyMask.mask(event.getName()), masked(event.getAttributes()),
                    event.getTotalAttributeCount())).toList();
        }

        @Override
        public String getName() {
            return ApiKeyMask.mask(super.getName());
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public List<EventData> getEvents() {
            return events;
        }

        @Override
        public StatusData getStatus() {
            StatusData status = super.getStatus();
            return StatusData.create(status.getStatusCode(), ApiKeyMask.mask(status.getDescription()));
        }
    }
}
