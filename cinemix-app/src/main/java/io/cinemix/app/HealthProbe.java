package io.cinemix.app;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * The container's healthcheck (the image has no shell and no curl): {@code java -cp ... io.cinemix.app.HealthProbe}
 * exits 0 when {@code GET http://127.0.0.1:$PORT/health} answers 200 within 2 s, else 1 ({@code $MANAGEMENT_PORT}
 * instead of {@code $PORT} when it is set: {@code /health} answers only there then). JDK only, so that it loads in a
 * few milliseconds without the app's framework.
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(isHealthy(health(System.getenv())) ? 0 : 1);
    }

    /** The address of {@code /health} that these environment variables give. */
    static URI health(Map<String, String> environment) {
        String management = environment.getOrDefault("MANAGEMENT_PORT", "").strip();
        String port = management.isEmpty() ? environment.getOrDefault("PORT", "8000").strip() : management;
        return URI.create("http://127.0.0.1:" + port + "/health");
    }

    static boolean isHealthy(URI health) {
        try {
            HttpURLConnection connection = (HttpURLConnection) health.toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(2_000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException | IllegalArgumentException unreachable) {
            return false;
        }
    }
}
