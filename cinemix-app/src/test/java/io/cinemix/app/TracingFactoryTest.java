package io.cinemix.app;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TracingFactoryTest {

    @Test
    void anUnsetEndpointIsTheSdksDefaultForTheProtocol() {
        assertThat(TracingFactory.defaultEndpoint(DefaultConfigProperties.createFromMap(Map.of(
                "otel.exporter.otlp.endpoint", "", "otel.exporter.otlp.protocol", "http/protobuf"))))
                .containsEntry("otel.exporter.otlp.endpoint", "http://localhost:4318");
        assertThat(TracingFactory.defaultEndpoint(DefaultConfigProperties.createFromMap(Map.of(
                "otel.exporter.otlp.endpoint", "", "otel.exporter.otlp.protocol", "grpc"))))
                .containsEntry("otel.exporter.otlp.endpoint", "http://localhost:4317");
    }

    @Test
    void aSetEndpointIsKept() {
        assertThat(TracingFactory.defaultEndpoint(DefaultConfigProperties.createFromMap(Map.of(
                "otel.exporter.otlp.endpoint", "http://collector:4318")))).isEmpty();
    }
}
