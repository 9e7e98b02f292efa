package io.cinemix.domain.ratelimit;

import io.cinemix.domain.FakeTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SlidingWindowTest {

    @Test
    void putsEveryReadingInTheBucketThatFloorDivisionGivesWhateverTheReadingBefore() {
        RateLimitPolicy policy = new RateLimitPolicy(Duration.ofSeconds(10), Duration.ofSeconds(60), 10);
        long bucket = policy.bucket().toNanos();
        SlidingWindow window = new SlidingWindow(policy, new FakeTicker(0));
        Random random = new Random(7);
        long[] readings = new long[20_000];
        for (int i = 0; i < readings.length; i++) {
            readings[i] = switch (random.nextInt(6)) {
                case 0 -> Long.MIN_VALUE + random.nextInt(3) * bucket / 2;  // the clock's ends, where a bucket's
                case 1 -> Long.MAX_VALUE - random.nextInt(3) * bucket / 2;  // first nanosecond may not be a long
                case 2 -> random.nextLong();
                case 3 -> (random.nextInt(2_001) - 1_000) * bucket + random.nextInt(3) - 1; // around a boundary
                default -> i == 0 ? 0 : readings[i - 1] + random.nextInt(3) * bucket / 3; // the same bucket or the next
            };
        }

        for (long reading : readings) {
            assertThat(window.epochAt(reading)).as("reading %d", reading).isEqualTo(Math.floorDiv(reading, bucket));
        }
    }
}
