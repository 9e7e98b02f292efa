package io.cinemix.app;

import io.micronaut.runtime.Micronaut;

/** Starts Cinemix: {@code java -jar cinemix-app.jar}. Configuration comes from environment variables (README). */
public final class CinemixApplication {
    private CinemixApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(CinemixApplication.class).banner(false).start();
    }
}
