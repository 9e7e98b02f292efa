package io.cinemix.app;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.tracing.opentelemetry.OpenTelemetryBuilderCustomizer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import jakarta.inject.Singleton;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The traces' beans. On ({@link TracingSwitch}): micronaut-tracing builds the OpenTelemetry SDK from the standard
 * {@code OTEL_*} settings, every span exporter it makes sends through {@link KeyMaskingSpanExporter}, and log lines
 * carry the current span's ids ({@link TraceIdsInLogs}). Off: {@link Traces#OFF}.
 */
@Factory
final class TracingFactory {
    private static final String ENDPOINT = "otel.exporter.otlp.endpoint";
    private static final String PROTOCOL = "otel.exporter.otlp.protocol";

    @Singleton
    Traces traces(@Nullable OpenTelemetry openTelemetry) {
        if (openTelemetry == null) {
            return Traces.OFF;
        }
        TraceIdsInLogs.install(LoggerFactory.getILoggerFactory());
        return Traces.of(openTelemetry);
    }

    @Singleton
    @Requires(property = TracingSwitch.MICRONAUT_OTEL_ENABLED, value = "true")
    OpenTelemetryBuilderCustomizer neverTheKey() {
        return builder -> builder
                .addPropertiesCustomizer(TracingFactory::defaultEndpoint)
                .addSpanExporterCustomizer((exporter, config) -> new KeyMaskingSpanExporter(exporter));
    }

    /**
     * application.yml hands the SDK an empty endpoint when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is unset: the SDK's
     * own default for the protocol then.
     */
    static Map<String, String> defaultEndpoint(ConfigProperties config) {
        if (!config.getString(ENDPOINT, "").isBlank()) {
            return Map.of();
        }
        return Map.of(ENDPOINT, "grpc".equals(config.getString(PROTOCOL, "http/protobuf").strip())
                ? "http://localhost:4317" : "http://localhost:4318");
    }
}
