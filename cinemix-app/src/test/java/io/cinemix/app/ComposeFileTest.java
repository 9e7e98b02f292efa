package io.cinemix.app;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * compose.yaml parses as YAML (SnakeYAML; no compose validator is installed by the build) and says what the README
 * says: the app's image and port, a Redis with a volume, both with healthchecks, and only variables the app reads.
 */
class ComposeFileTest {
    private static final Pattern ROW = Pattern.compile("\\| `([A-Z][A-Z0-9_]*)` \\|.*");

    @Test
    void runsTheLocalImageOnPort8000AgainstItsRedisWithOnlyDocumentedVariables() throws IOException {
        Map<String, Object> app = service("app");
        Map<String, Object> environment = map(app.get("environment"));

        assertThat(app).containsEntry("image", "localhost/cinemix:latest").containsKey("healthcheck");
        assertThat((List<Object>) app.get("ports")).containsExactly("8000:8000");
        assertThat(environment).containsEntry("PORT", "8000").containsEntry("REDIS_URL", "redis://redis:6379")
                .containsKeys("OMDB_API_KEY", "CACHE_TTL", "LOG_LEVEL");
        List<String> documented = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8).lines()
                .map(ROW::matcher).filter(row -> row.matches()).map(row -> row.group(1)).toList();
        assertThat(documented).containsAll(environment.keySet());
        assertThat(map(map(app.get("depends_on")).get("redis"))).containsEntry("condition", "service_healthy");
    }

    @Test
    void keepsRedisDataInANamedVolumeAndChecksItsHealth() throws IOException {
        Map<String, Object> redis = service("redis");

        assertThat(redis).containsKey("healthcheck");
        assertThat((List<Object>) redis.get("volumes")).containsExactly("redis-data:/data");
        assertThat(map(compose().get("volumes"))).containsKey("redis-data");
    }

    @Test
    void addsAnOpenTelemetryCollectorTakingOtlpOnlyWithTheTracesProfile() throws IOException {
        Map<String, Object> collector = service("otel-collector");
        Map<String, Object> environment = map(service("app").get("environment"));

        assertThat((List<Object>) collector.get("profiles")).containsExactly("traces");
        assertThat((String) collector.get("image")).startsWith("docker.io/otel/opentelemetry-collector:");
        assertThat((List<Object>) collector.get("volumes")).containsExactly("./otel-collector.yaml:/etc/otelcol/config.yaml:ro");
        assertThat((List<Object>) collector.get("ports")).as("published on the host's loopback only")
                .containsExactly("127.0.0.1:4317:4317", "127.0.0.1:4318:4318");
        assertThat(environment).containsEntry("OTEL_TRACES_EXPORTER", "${OTEL_TRACES_EXPORTER:-none}")
                .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT",
                        "${OTEL_EXPORTER_OTLP_ENDPOINT:-http://otel-collector:4318}");
        Map<String, Object> config = new Yaml().load(Files.readString(Path.of("../otel-collector.yaml"),
                StandardCharsets.UTF_8));
        Map<String, Object> protocols = map(map(map(config.get("receivers")).get("otlp")).get("protocols"));
        assertThat(map(protocols.get("http"))).containsEntry("endpoint", "0.0.0.0:4318");
        assertThat(map(map(map(config.get("service")).get("pipelines")).get("traces")))
                .containsEntry("receivers", List.of("otlp"));
    }

    private static Map<String, Object> service(String name) throws IOException {
        return map(map(compose().get("services")).get(name));
    }

    private static Map<String, Object> compose() throws IOException {
        return new Yaml().load(Files.readString(Path.of("../compose.yaml"), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
