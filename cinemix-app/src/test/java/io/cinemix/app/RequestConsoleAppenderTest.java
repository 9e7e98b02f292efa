package io.cinemix.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestConsoleAppenderTest {
    private static final String SERVICE = "io.cinemix.ports.CachingMovieSearch";
    private static final String ACCESS = "io.cinemix.access";

    private final Writes writes = new Writes();
    private final List<Runnable> timers = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private LoggerContext context;
    private RequestConsoleAppender appender;

    /** Standard output as the appender reaches it: one entry a write; the first {@code failures} writes throw. */
    private static final class Writes extends OutputStream {
        final List<String> chunks = new ArrayList<>();
        int failures;

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("standard output is broken (test)");
            }
            chunks.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        String all() {
            return String.join("", chunks);
        }
    }

    @BeforeEach
    void startAnAppenderWritingToACapture() {
        context = new LoggerContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger - %msg%n");
        encoder.start();
        appender = new RequestConsoleAppender(writes, (task, delayMillis) -> {
            timers.add(task);
            delays.add(delayMillis);
        });
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.addHeld(SERVICE);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void holdsACacheHitLineUntilItsRequestsAccessLineThenWritesBothInOneWrite() {
        context.getLogger(SERVICE).info("Cache hit for movie_tt0372784");

        assertThat(writes.chunks).isEmpty();

        context.getLogger(ACCESS).info("GET /api/v1/search/id/tt0372784 200 0 ms");

        assertThat(writes.chunks).containsExactly("INFO " + SERVICE + " - Cache hit for movie_tt0372784\n"
                + "INFO " + ACCESS + " - GET /api/v1/search/id/tt0372784 200 0 ms\n");
    }

    @Test
    void writesALineOfAnyOtherLoggerAtOnce() {
        context.getLogger(ACCESS).info("GET /health 200 0 ms");
        context.getLogger("io.micronaut.runtime.Micronaut").info("Startup completed");

        assertThat(writes.chunks).containsExactly("INFO " + ACCESS + " - GET /health 200 0 ms\n",
                "INFO io.micronaut.runtime.Micronaut - Startup completed\n");
        assertThat(timers).isEmpty();
    }

    @Test
    void writesAWarningOrAnErrorOfAHeldLoggerAtOnce() {
        context.getLogger(SERVICE).warn("Cache miss for movie_tt0372784");
        context.getLogger(SERVICE).error("Cache read failed");

        assertThat(writes.chunks).containsExactly("WARN " + SERVICE + " - Cache miss for movie_tt0372784\n",
                "ERROR " + SERVICE + " - Cache read failed\n");
    }

    @Test
    void writesHeldLinesOutWhenTheLongestHoldIsOverWithOneTimerForManyLines() {
        appender.stop();
        appender.setMaxHoldMillis(20);
        appender.start();
        for (int i = 0; i < 3; i++) {
            context.getLogger(SERVICE).info("Cache hit " + i);
        }

        assertThat(writes.chunks).isEmpty();
        assertThat(timers).hasSize(1);
        assertThat(delays).containsExactly(20L);

        timers.get(0).run();

        assertThat(writes.all()).isEqualTo("INFO " + SERVICE + " - Cache hit 0\nINFO " + SERVICE + " - Cache hit 1\n"
                + "INFO " + SERVICE + " - Cache hit 2\n");
        context.getLogger(SERVICE).info("Cache hit 3");
        assertThat(timers).as("a new timer once the last one has fired").hasSize(2);
    }

    @Test
    void writesOutWhatIsHeldWhenStopped() {
        context.getLogger(SERVICE).info("Cache hit for movie_tt0372784");

        appender.stop();

        assertThat(writes.all()).isEqualTo("INFO " + SERVICE + " - Cache hit for movie_tt0372784\n");
        context.getLogger(ACCESS).info("after the stop");
        assertThat(writes.all()).doesNotContain("after the stop");
    }

    @Test
    void schedulesAFreshTimerAfterARestartThatCancelledOne() {
        context.getLogger(SERVICE).info("Cache hit 1");
        appender.stop(); // writes it out; its timer never fires
        appender.start();

        context.getLogger(SERVICE).info("Cache hit 2");

        assertThat(timers).hasSize(2);
        timers.get(0).run(); // late, for the stopped run: harmless
        timers.get(1).run();
        assertThat(writes.all()).isEqualTo("INFO " + SERVICE + " - Cache hit 1\nINFO " + SERVICE + " - Cache hit 2\n");
    }

    @Test
    void keepsWritingAfterAWriteThatFailed() {
        writes.failures = 1;

        context.getLogger(ACCESS).error("lost to a broken standard output");
        context.getLogger(ACCESS).error("written");

        assertThat(appender.isStarted()).isTrue();
        assertThat(writes.all()).endsWith("ERROR " + ACCESS + " - written\n");
    }

    @Test
    void isTheAppsConsoleAndHoldsOnlyTheServicesLines() throws Exception {
        LoggerContext app = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(app);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        try {
            assertThat(app.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"))
                    .isInstanceOfSatisfying(RequestConsoleAppender.class, console -> {
                        assertThat(console.isStarted()).isTrue();
                        assertThat(console.holds(SERVICE)).isTrue();
                        assertThat(console.holds(ACCESS)).isFalse();
                    });
        } finally {
            app.stop();
        }
    }
}
