package io.cinemix.core.details;

import io.cinemix.core.port.Freshness;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an entry's time to live left says about it, with a grace and a stale-while-revalidate window. */
class DetailsPolicyTest {
    private static final Duration NEGATIVE = Duration.ofSeconds(300);

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void keepsAnEntryStaleForTheLongerOfTheGraceAndTheWindow() {
        assertThat(new DetailsPolicy(s(60), s(0), NEGATIVE, s(30)).storedFor()).isEqualTo(s(90));
        assertThat(new DetailsPolicy(s(60), s(120), NEGATIVE, s(30)).storedFor()).isEqualTo(s(180));
        assertThat(new DetailsPolicy(s(60), s(30), NEGATIVE, s(120)).storedFor()).isEqualTo(s(180));
        assertThat(new DetailsPolicy(s(60), s(30), NEGATIVE).storedFor()).as("no window: as before").isEqualTo(s(90));
    }

    @Test
    void revalidatesInTheBackgroundOnlyWithinTheWindowRightAfterTheTtl() {
        DetailsPolicy graceLonger = new DetailsPolicy(s(60), s(120), NEGATIVE, s(30)); // 180 s: window at 60..90 s

        assertThat(graceLonger.isFresh(s(121))).isTrue();
        assertThat(graceLonger.revalidatesInBackground(s(121))).isFalse();
        assertThat(graceLonger.isFresh(s(120))).isFalse();
        assertThat(graceLonger.revalidatesInBackground(s(120))).as("age 60 s").isTrue();
        assertThat(graceLonger.revalidatesInBackground(s(91))).as("age 89 s").isTrue();
        assertThat(graceLonger.revalidatesInBackground(s(90))).as("age 90 s: grace only").isFalse();
        assertThat(graceLonger.revalidatesInBackground(s(1))).isFalse();

        DetailsPolicy windowLonger = new DetailsPolicy(s(60), s(30), NEGATIVE, s(120)); // 180 s: window at 60..180 s
        assertThat(windowLonger.isFresh(s(121))).isTrue();
        assertThat(windowLonger.revalidatesInBackground(s(120))).isTrue();
        assertThat(windowLonger.revalidatesInBackground(Duration.ofMillis(1))).isTrue();
    }

    @Test
    void neverRevalidatesInTheBackgroundWithoutAWindow() {
        DetailsPolicy graceOnly = new DetailsPolicy(s(60), s(30), NEGATIVE, Duration.ZERO);

        assertThat(graceOnly.revalidatesInBackground(s(30))).isFalse();
        assertThat(graceOnly.revalidatesInBackground(s(1))).isFalse();
        assertThat(graceOnly.freshness(s(60))).isEqualTo(new Freshness(s(30), s(30), s(30), Duration.ZERO));
    }

    @Test
    void tellsHowMuchOfTheWindowIsLeft() {
        DetailsPolicy graceLonger = new DetailsPolicy(s(60), s(120), NEGATIVE, s(30));

        assertThat(graceLonger.freshness(s(150))).as("fresh: the whole window")
                .isEqualTo(new Freshness(s(30), s(30), s(120), s(30)));
        assertThat(graceLonger.freshness(s(100))).as("age 80 s").isEqualTo(new Freshness(s(0), s(80), s(120), s(10)));
        assertThat(graceLonger.freshness(s(50))).as("past the window")
                .isEqualTo(new Freshness(s(0), s(130), s(120), s(0)));
    }

    @Test
    void refusesANegativeWindow() {
        assertThatThrownBy(() -> new DetailsPolicy(s(60), s(0), NEGATIVE, s(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stale-while-revalidate");
    }
}
