package io.cinemix.app;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyMaskingSpanExporterTest {
    private static final String KEY = "K3Y-SENTINEL-traces";

    @Test
    void exportsNoApiKeyInTheNameAttributesOrEventsOfASpan() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new KeyMaskingSpanExporter(exported))).build()) {
            Span span = tracing.get("test").spanBuilder("GET ?apikey=" + KEY).startSpan();
            span.setAttribute("url.full", "http://omdb.test/?i=tt0372784&apikey=" + KEY);
            span.setAttribute("url.query", "i=tt0372784&apikey=" + KEY + "&plot=full");
            span.setAttribute(AttributeKey.stringArrayKey("urls"), List.of("/?apikey=" + KEY));
            span.setAttribute("http.response.status_code", 200L);
            span.recordException(new IllegalStateException("GET http://omdb.test/?apikey=" + KEY + " failed"));
            span.addEvent("retry", Attributes.of(AttributeKey.stringKey("url"), "/?ApiKey=" + KEY));
            span.setStatus(StatusCode.ERROR, "GET /?apikey=" + KEY);
            span.end();

            assertThat(exported.getFinishedSpanItems()).singleElement().satisfies(data -> {
                assertThat(data.toString()).doesNotContain(KEY);
                assertThat(data.getAttributes().get(AttributeKey.stringKey("url.full")))
                        .isEqualTo("http://omdb.test/?i=tt0372784&apikey=***");
                assertThat(data.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
                assertThat(data.getEvents()).hasSize(2);
                assertThat(data.getStatus().getDescription()).isEqualTo("GET /?apikey=***");
            });
        }
    }
}
