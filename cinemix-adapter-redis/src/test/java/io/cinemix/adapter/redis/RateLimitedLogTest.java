package io.cinemix.adapter.redis;

import io.cinemix.domain.FakeTicker;
import org.junit.jupiter.api.Test;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTest {
    private final FakeTicker ticker = new FakeTicker(123_456_789L);
    private final RecordingLogger logger = new RecordingLogger();
    private final RateLimitedLog log = new RateLimitedLog(logger, ticker, Duration.ofSeconds(10));
    private final RuntimeException down = new IllegalStateException("Currently not connected");

    @Test
    void logsTheFirstFailureAtErrorWithItsCause() {
        log.error("Redis SET movie_tt0379786 failed", down);

        assertThat(logger.lines).containsExactly(
                "ERROR Redis SET movie_tt0379786 failed: IllegalStateException Currently not connected");
    }

    @Test
    void suppressesFurtherFailuresWithinTheWindow() {
        for (int i = 0; i < 100; i++) {
            log.error("Redis GET failed", down);
            ticker.advanceSeconds(0.09);
        }

        assertThat(logger.lines).hasSize(1);
    }

    @Test
    void theFirstLineOfTheNextWindowCountsTheSuppressedOnes() {
        log.error("first", down);
        log.error("second", down);
        log.error("third", down);
        ticker.advanceSeconds(9.999);
        log.error("fourth", down);
        ticker.advanceSeconds(0.001);
        log.error("fifth", down);

        assertThat(logger.lines).hasSize(2);
        assertThat(logger.lines.get(1)).startsWith("ERROR fifth: ").endsWith("(3 similar errors suppressed in the last 10 s)");
    }

    @Test
    void saysOnceAtInfoWhenRedisAnswersAgain() {
        log.error("first", down);
        log.error("second", down);
        log.succeeded();
        log.succeeded();

        assertThat(logger.lines).hasSize(2);
        assertThat(logger.lines.get(1)).isEqualTo("INFO Redis answers again after 2 failed commands (1 of them not logged)");
    }

    @Test
    void aNewOutageAfterARecoveryIsLoggedAtOnce() {
        log.error("first", down);
        log.succeeded();
        log.error("again", down);

        assertThat(logger.lines).hasSize(3);
        assertThat(logger.lines.get(2)).startsWith("ERROR again");
    }

    @Test
    void successWithoutFailuresLogsNothing() {
        log.succeeded();

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
