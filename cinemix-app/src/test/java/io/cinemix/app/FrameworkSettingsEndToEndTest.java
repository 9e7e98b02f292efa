package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.micronaut.logging.LogLevel;
import io.micronaut.logging.LoggingSystem;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Micronaut's port, CORS origins and root log level are the validated settings, not a second read of the variables. */
class FrameworkSettingsEndToEndTest {

    @Test
    void allowsEveryOriginOfAListWrittenWithSpacesAfterTheCommas() {
        try (RunningApp app = RunningApp.start("cors-allowed-origins", "http://a.example, http://b.example")) {
            Http.Response second = app.http().get("/health", "Origin", "http://b.example");
            Http.Response first = app.http().get("/health", "Origin", "http://a.example");

            assertThat(second.status()).isEqualTo(200);
            assertThat(second.header("Access-Control-Allow-Origin")).isEqualTo("http://b.example");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("Access-Control-Allow-Origin")).isEqualTo("http://a.example");
        }
    }

    @Test
    void refusesAnOriginNotInTheListWithTheJsonErrorBodyAndNoCorsHeaders() {
        try (RunningApp app = RunningApp.start("cors-allowed-origins", "http://a.example, http://b.example")) {
            Http.Response other = app.http().get("/api/v1/search/?query=batman", "Origin", "http://c.example");

            assertThat(other.status()).isEqualTo(403);
            assertThat(other.header("Content-Type")).startsWith("application/json");
            assertThat(other.json()).containsEntry("error_code", "403").containsOnlyKeys("error_code", "message");
            assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void listensOnThePortOfTheSettings() {
        int port = LocalRedis.freePort();
        try (RunningApp app = RunningApp.start("port", " " + port + " ")) {
            assertThat(app.context().getBean(EmbeddedServer.class).getPort()).isEqualTo(port);
            assertThat(app.http().get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void setsTheRootLogLevelOfTheSettings() {
        Logger anyLogger = LoggerFactory.getLogger("io.cinemix.any");
        try (RunningApp app = RunningApp.start("log-level", "debug")) {
            try {
                assertThat(anyLogger.isDebugEnabled()).isTrue();
            } finally {
                app.context().getBean(LoggingSystem.class).setLogLevel(Logger.ROOT_LOGGER_NAME, LogLevel.INFO);
            }
        }
        assertThat(anyLogger.isDebugEnabled()).isFalse();
    }
}
