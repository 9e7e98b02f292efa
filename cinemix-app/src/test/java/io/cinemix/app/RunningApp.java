package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.HashMap;
import java.util.Map;

/**
 * The whole app in this JVM (Micronaut's test environment, wired by {@link CinemixFactory}) on a free port (unless
 * {@code port} is given), with the given {@code cinemix.*} settings (names as in application.yml, e.g.
 * {@code omdb-api-key}); closing it stops it.
 */
final class RunningApp implements AutoCloseable {
    private final EmbeddedServer server;
    private final Http http;

    private RunningApp(EmbeddedServer server) {
        this.server = server;
        this.http = new Http(server.getURL(), server.getApplicationContext().getBean(JsonMapper.class));
    }

    /** Starts the app with {@code settings} as name/value pairs: {@code start("cache-ttl", "60", ...)}. */
    static RunningApp start(String... settings) {
        return start(Map.of(), settings);
    }

    /**
     * {@link #start(String...)} with framework properties as well, full names as the environment variables map to
     * them ({@code otel.traces.exporter} for {@code OTEL_TRACES_EXPORTER}).
     */
    static RunningApp start(Map<String, Object> framework, String... settings) {
        if (settings.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in name/value pairs");
        }
        Map<String, Object> properties = new HashMap<>(framework);
        properties.put("cinemix.port", Integer.toString(LocalRedis.freePort()));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put("cinemix." + settings[i], settings[i + 1]);
        }
        return new RunningApp(ApplicationContext.run(EmbeddedServer.class, properties, "test"));
    }

    Http http() {
        return http;
    }

    ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
