package io.cinemix.core.outage;

import io.cinemix.domain.FakeTicker;
import org.junit.jupiter.api.Test;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class OutageLogTest {
    private final RecordingLogger logger = new RecordingLogger();
    private final FakeTicker ticker = new FakeTicker();
    private final OutageLog log = new OutageLog(logger, "Redis answers again", ticker);
    private final RuntimeException down = new IllegalStateException("Currently not connected");

    @Test
    void logsTheFirstFailureAtErrorWithItsCause() {
        log.failed("Redis SET movie_tt0379786 failed", down);

        assertThat(logger.lines).containsExactly(
                "ERROR Redis SET movie_tt0379786 failed: IllegalStateException Currently not connected");
    }

    @Test
    void logsTheRestOfTheOutageAtDebugOnly() {
        for (int i = 0; i < 100; i++) {
            log.failed("Redis GET failed", down);
        }

        assertThat(logger.lines).hasSize(100);
        assertThat(logger.lines.get(0)).startsWith("ERROR ");
        assertThat(logger.lines.subList(1, 100)).allSatisfy(line -> assertThat(line).startsWith("DEBUG "));
    }

    @Test
    void describesAFailureByItsTypeAndTheFirstLineOfItsMessage() {
        assertThat(OutageLog.describe(new IllegalStateException("first line\nsecond line")))
                .isEqualTo("IllegalStateException first line");
        assertThat(OutageLog.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void saysOnceAtInfoWhenThingsWorkAgain() {
        log.failed("first", down);
        log.failed("second", down);
        log.works();
        log.works();

        assertThat(logger.lines).hasSize(3);
        assertThat(logger.lines.get(2)).isEqualTo("INFO Redis answers again after 2 failures (1 of them logged at DEBUG only)");
    }

    @Test
    void aNewOutageAMinuteAfterTheLastOneLoggedAtErrorIsLoggedAtErrorAtOnce() {
        log.failed("first", down);
        log.works();
        ticker.advance(Duration.ofMinutes(1));
        log.failed("again");

        assertThat(logger.lines).containsExactly("ERROR first: IllegalStateException Currently not connected",
                "INFO Redis answers again after 1 failure", "ERROR again");
    }

    @Test
    void aFlappingDependencyIsLoggedAtErrorAtMostOnceAMinute() {
        for (int flap = 0; flap < 60; flap++) {  // a flap a second: one command misses its bound, the next answers
            log.failed("Redis rate limit failed");
            log.works();
            ticker.advance(Duration.ofSeconds(1));
        }
        log.failed("a minute after the first");

        assertThat(logger.lines.stream().filter(line -> !line.startsWith("DEBUG "))).containsExactly(
                "ERROR Redis rate limit failed", "INFO Redis answers again after 1 failure",
                "ERROR a minute after the first");
        assertThat(logger.lines).as("the flaps in between, at DEBUG").hasSize(121);
    }

    @Test
    void workingWithoutFailuresLogsNothing() {
        log.works();

        assertThat(logger.lines).isEmpty();
    }

    /** A hand-written System.Logger that keeps "LEVEL message" lines. */
    private static final class RecordingLogger implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level.getName() + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level.getName() + " " + (params == null || params.length == 0 ? format
                    : MessageFormat.format(format, params)));
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(level.getName() + " " + msgSupplier.get());
        }
    }
}
