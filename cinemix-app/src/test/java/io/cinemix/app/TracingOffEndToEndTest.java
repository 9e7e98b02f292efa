package io.cinemix.app;

import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import io.micronaut.tracing.opentelemetry.instrument.http.server.OpenTelemetryServerFilter;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Traces are off unless {@code OTEL_TRACES_EXPORTER} names an exporter: then micronaut-tracing stays out of the
 * context (no OpenTelemetry SDK, no tracing filter), so no span is made and no exporter thread starts, and the ports
 * and clients are wired as they are.
 */
class TracingOffEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-tracing-off";

    @Test
    void makesNoSpanAndStartsNoExporterThreadWhenNoTracesExporterIsSet() {
        assertOff(Map.of());
    }


    @Test
    void turnsOnWithTheOtlpExporterAndRefusesAnyOther() {
        assertThat(TracingSwitch.isOn(Optional.of("otlp"))).isTrue();
        assertThat(TracingSwitch.isOn(Optional.of(" OTLP "))).isTrue();
        assertThat(TracingSwitch.isOn(Optional.of("none"))).isFalse();
        assertThat(TracingSwitch.isOn(Optional.of("None "))).isFalse();
        assertThat(TracingSwitch.isOn(Optional.of(""))).isFalse();
        assertThat(TracingSwitch.isOn(Optional.empty())).isFalse();
        assertThatThrownBy(() -> TracingSwitch.isOn(Optional.of("zipkin")))
                .hasMessage("OTEL_TRACES_EXPORTER must be 'otlp' or 'none', got 'zipkin'.");
    }

    @Test
    void readsTheExporterAsTheSdkDoesASystemPropertyBeforeTheEnvironmentVariable() {
        Map<String, String> none = Map.of();
        Map<String, String> otlp = Map.of("otel.traces.exporter", "otlp", "OTEL_TRACES_EXPORTER", "otlp");
        Map<String, String> off = Map.of("otel.traces.exporter", "none", "OTEL_TRACES_EXPORTER", "none");

        assertThat(TracingSwitch.isOn(none::get, none::get)).isFalse();
        assertThat(TracingSwitch.isOn(none::get, otlp::get)).isTrue();
        assertThat(TracingSwitch.isOn(otlp::get, none::get)).isTrue();
        assertThat(TracingSwitch.isOn(off::get, otlp::get)).isFalse();
        Map<String, String> badProtocol = Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "udp");
        assertThatThrownBy(() -> TracingSwitch.isOn(none::get, badProtocol::get))
                .hasMessage("OTEL_EXPORTER_OTLP_PROTOCOL must be 'http/protobuf' or 'grpc', got 'udp'.");
    }

    private static void assertOff(Map<String, Object> framework) {
        Set<Thread> threadsBefore = exporterThreads();
        try (OmdbStub omdb = new OmdbStub(KEY);
             RunningApp app = RunningApp.start(framework, "omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                     "redis-url", LocalRedis.shared().url())) {
            omdb.answer("tt5200001", OmdbStub.movie("tt5200001"));

            assertThat(app.http().get("/api/v1/search/id/tt5200001").status()).isEqualTo(200);
            assertThat(app.http().get("/api/v1/search/id/tt5200001").status()).isEqualTo(200);

            assertThat(app.context().findBean(OpenTelemetry.class)).as("no OpenTelemetry SDK").isEmpty();
            assertThat(app.context().getBeanDefinitions(OpenTelemetryServerFilter.class)).as("no tracing filter")
                    .isEmpty();
            assertThat(app.context().getBean(Traces.class)).isSameAs(Traces.OFF);
            assertThat(exporterThreads()).as("no exporter thread started").isSubsetOf(threadsBefore);
        }
    }

    /**
     * Threads of a span processor or of the OTLP exporter's HTTP client, in this JVM: the threads themselves, not their
     * names, so that one an earlier traced app left behind cannot hide a new one of the same name.
     */
    private static Set<Thread> exporterThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().contains("BatchSpanProcessor") || thread.getName().contains("OkHttp")
                        || thread.getName().toLowerCase(java.util.Locale.ROOT).contains("otlp"))
                .collect(Collectors.toSet());
    }
}
