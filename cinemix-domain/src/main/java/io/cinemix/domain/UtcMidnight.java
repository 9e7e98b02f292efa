package io.cinemix.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The next UTC midnight, when a quota counted per UTC day (OMDb's) starts afresh. The caller reads its own clock.
 */
public final class UtcMidnight {
    private UtcMidnight() {
    }

    /** The time from {@code now} to the next UTC midnight: more than zero, a whole day at midnight itself. */
    public static Duration untilNext(Instant now) {
        LocalDate tomorrow = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        return Duration.between(now, tomorrow.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
