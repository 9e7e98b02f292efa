package io.cinemix.domain;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that moves only when told to. Starts at an arbitrary non-zero reading, as System.nanoTime does. */
public final class FakeTicker implements Ticker {
    private final AtomicLong nanos;

    public FakeTicker() {
        this(0);
    }

    public FakeTicker(long startNanos) {
        this.nanos = new AtomicLong(startNanos);
    }

    @Override
    public long read() {
        return nanos.get();
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    public void advanceSeconds(double seconds) {
        nanos.addAndGet(Math.round(seconds * 1_000_000_000d));
    }

    /** Sets the reading to {@code seconds} after zero. */
    public void setSeconds(double seconds) {
        nanos.set(Math.round(seconds * 1_000_000_000d));
    }
}
