package io.cinemix.domain.ratelimit;

import java.util.ArrayList;
import java.util.List;

/** The test oracle: every admit's timestamp, and exact counts over any interval. */
final class SlidingLog {
    private final List<Long> admits = new ArrayList<>();

    void record(long nanos) {
        admits.add(nanos);
    }

    /** Admits in the half-open interval (end - length, end]. */
    int admitsWithin(long end, long length) {
        int count = 0;
        for (long t : admits) {
            if (t > end - length && t <= end) {
                count++;
            }
        }
        return count;
    }

    /** The most admits inside any closed interval [t, t + length] (enough to check each admit as a start). */
    int maxAdmitsInAnyClosedInterval(long length) {
        int max = 0;
        for (long start : admits) {
            int count = 0;
            for (long t : admits) {
                if (t >= start && t <= start + length) {
                    count++;
                }
            }
            max = Math.max(max, count);
        }
        return max;
    }
}
