package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The load benchmark's constant endpoint exists only when asked for. */
class BaselineControllerTest {

    private static Http.Response get(Map<String, Object> settings, String path) {
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings, "test")) {
            return new Http(server.getURL(), server.getApplicationContext().getBean(JsonMapper.class)).get(path);
        }
    }

    @Test
    void isNotExposedByDefault() {
        Http.Response response = get(Map.of("cinemix.port", Integer.toString(LocalRedis.freePort())), "/bench/baseline?bytes=100");

        assertThat(response.status()).isEqualTo(404);
    }

    @Test
    void answersAConstantJsonBodyOfTheRequestedSizeWhenEnabled() {
        Http.Response response = get(Map.of("cinemix.port", Integer.toString(LocalRedis.freePort()), "benchmark.baseline", "true"),
                "/bench/baseline?bytes=1144");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize(1144).startsWith("{\"pad\":\"xxx").endsWith("xx\"}");
    }
}
