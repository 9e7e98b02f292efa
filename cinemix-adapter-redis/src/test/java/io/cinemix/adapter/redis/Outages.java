package io.cinemix.adapter.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Timing helpers of the outage tests, which work against a real Redis that is stopped, frozen or restarted. */
final class Outages {
    private Outages() {
    }

    /** How long {@code action} took; it must say {@code true}. */
    static Duration timed(BooleanSupplier action) {
        long started = System.nanoTime();
        assertThat(action.getAsBoolean()).isTrue();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Polls every 100 ms for at most 15 s (Lettuce's reconnect delay is capped at 5 s). */
    static boolean eventually(BooleanSupplier condition) {
        return eventually(Duration.ofSeconds(15), condition);
    }

    /** Polls every 100 ms for at most {@code bound}. */
    static boolean eventually(Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
