package io.cinemix.app;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's healthcheck (the image has no shell and no curl): {@code java -cp ... io.cinemix.app.HealthProbe}
 * exits 0 when {@code GET http://127.0.0.1:$PORT/health} answers 200 within 2 s, else 1. JDK only, so that it loads
 * in a few milliseconds without the app's framework.
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    public static void main(String[] args) {
        String port = System.getenv().getOrDefault("PORT", "8000");
        System.exit(isHealthy(URI.create("http://127.0.0.1:" + port + "/health")) ? 0 : 1);
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
