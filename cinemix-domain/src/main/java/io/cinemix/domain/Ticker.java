package io.cinemix.domain;

/**
 * A monotonic time source in nanoseconds, like Caffeine's {@code Ticker}: only differences between two readings mean
 * anything. Production code passes {@code System::nanoTime}; tests pass a fake they advance by hand. The domain never
 * reads a clock by itself.
 */
@FunctionalInterface
public interface Ticker {
    long read();
}
