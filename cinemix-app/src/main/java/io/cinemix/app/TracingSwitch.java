package io.cinemix.app;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Traces are off unless {@code OTEL_TRACES_EXPORTER} is {@code otlp} (unset or {@code none}: off; any other value,
 * or an {@code OTEL_EXPORTER_OTLP_PROTOCOL} other than {@code http/protobuf} or {@code grpc}, refuses to start with one
 * line naming the variable). Off, the whole of micronaut-tracing stays out of the context
 * ({@code micronaut.otel.enabled} is false before any bean is read): no OpenTelemetry SDK, no span, no exporter
 * thread, no tracing filter on the request path; {@link TracingFactory} then hands the wiring the ports and clients
 * as they are.
 * <p>
 * A context configurer: micronaut-tracing's beans are kept or dropped as the context reads its bean definitions,
 * before any bean of the app could decide, so the switch is set on the context's builder, from the two places the
 * OpenTelemetry SDK reads too: the system property {@code otel.traces.exporter}, else the environment variable. (A
 * test starting the app in its JVM sets {@code micronaut.otel.enabled} with its other properties.)
 */
@ContextConfigurer
public final class TracingSwitch implements ApplicationContextConfigurer {
    static final String MICRONAUT_OTEL_ENABLED = "micronaut.otel.enabled";

    @Override
    public void configure(ApplicationContextBuilder builder) {
        // A source of its own, the lowest: the builder's properties would be replaced by a test's (same source name),
        // and a test's own setting is to win.
        builder.propertySources(PropertySource.of("cinemix-tracing",
                Map.of(MICRONAUT_OTEL_ENABLED, isOn(System::getProperty, System::getenv)), Integer.MIN_VALUE));
    }

    /** Whether the standard settings, read as the SDK reads them (a system property wins), ask for traces. */
    static boolean isOn(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
        boolean on = isOn(setting(systemProperties, environment, "otel.traces.exporter", "OTEL_TRACES_EXPORTER"));
        if (on) {
            checkProtocol(setting(systemProperties, environment, "otel.exporter.otlp.protocol",
                    "OTEL_EXPORTER_OTLP_PROTOCOL"));
        }
        return on;
    }

    /**
     * Whether this {@code OTEL_TRACES_EXPORTER} value asks for traces: {@code otlp} (the one exporter in the jar) does,
     * unset or {@code none} does not; anything else refuses to start.
     */
    static boolean isOn(Optional<String> exporter) {
        String value = exporter.map(text -> text.strip().toLowerCase(Locale.ROOT)).orElse("");
        if (value.isEmpty() || value.equals("none")) {
            return false;
        }
        if (!value.equals("otlp")) {
            throw new CinemixApplication.CannotStartException("OTEL_TRACES_EXPORTER must be 'otlp' or 'none', got '"
                    + printable(exporter.get()) + "'.");
        }
        return true;
    }

    private static Optional<String> setting(UnaryOperator<String> systemProperties, UnaryOperator<String> environment,
                                            String property, String variable) {
        String value = systemProperties.apply(property);
        return Optional.ofNullable(value == null ? environment.apply(variable) : value);
    }

    private static void checkProtocol(Optional<String> protocol) {
        String value = protocol.map(String::strip).orElse("");
        if (!value.isEmpty() && !value.equals("http/protobuf") && !value.equals("grpc")) {
            throw new CinemixApplication.CannotStartException("OTEL_EXPORTER_OTLP_PROTOCOL must be 'http/protobuf' or "
                    + "'grpc', got '" + printable(protocol.get()) + "'.");
        }
    }

    private static String printable(String value) {
        String text = value.replaceAll("[^\\x20-\\x7e]", "?");
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
