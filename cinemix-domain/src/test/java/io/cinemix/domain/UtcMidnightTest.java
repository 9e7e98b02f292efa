package io.cinemix.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class UtcMidnightTest {

    @Test
    void isTheTimeLeftInTheUtcDay() {
        assertThat(UtcMidnight.untilNext(Instant.parse("2026-11-27T18:00:00Z"))).isEqualTo(Duration.ofHours(6));
        assertThat(UtcMidnight.untilNext(Instant.parse("2026-11-27T23:59:59.999Z"))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void isAWholeDayAtMidnightItself() {
        assertThat(UtcMidnight.untilNext(Instant.parse("2026-11-28T00:00:00Z"))).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void crossesMonthsYearsAndLeapDays() {
        assertThat(UtcMidnight.untilNext(Instant.parse("2028-02-28T12:00:00Z"))).isEqualTo(Duration.ofHours(12));
        assertThat(UtcMidnight.untilNext(Instant.parse("2028-02-29T23:00:00Z"))).isEqualTo(Duration.ofHours(1));
        assertThat(UtcMidnight.untilNext(Instant.parse("2026-12-31T23:30:00Z"))).isEqualTo(Duration.ofMinutes(30));
    }
}
