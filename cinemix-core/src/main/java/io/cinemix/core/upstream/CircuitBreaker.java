package io.cinemix.core.upstream;

import io.cinemix.domain.Ticker;

import java.time.Duration;
import java.util.Objects;

/**
 * When to leave a failing dependency alone, shared by the upstream catalog's breaker
 * ({@link CircuitBreakingMovieCatalog}: 5 failures, 30 s) and the Redis connection's back-off (1 failure, 1 s).
 *
 * <ul>
 *   <li><b>Closed</b> (the normal case): every call may go ({@link #tryAcquire()}); {@code failureThreshold}
 *   consecutive failures open the circuit.</li>
 *   <li><b>Open</b> for {@code coolDown}, counted from the last failure: every call is refused (and counted,
 *   {@link #rejections()}).</li>
 *   <li><b>Half-open</b> once the cool-down has passed: exactly one call goes through as a probe, the others are
 *   refused until it ends.</li>
 * </ul>
 * The caller reports each permitted call's outcome: {@link #succeeded()} (the dependency answered) closes the circuit
 * from any state; {@link #failed()} counts towards the threshold while closed and, in any other state, opens the
 * circuit for a new cool-down from now (so a late failure of a call sent before it opened restarts it);
 * {@link #released()} says the call told nothing about the dependency's health (a refusal for want of quota, say):
 * a probe's slot goes to the next call. The caller may also report calls made without asking (a health check that
 * always asks the dependency). Thread-safe; time comes from the injected {@link Ticker}.
 */
public final class CircuitBreaker {
    /** The breaker's state, e.g. for a health endpoint or a gauge. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final Ticker ticker;
    private final int failureThreshold;
    private final long coolDownNanos;

    // Guarded by this.
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean probing;
    private long rejections;

    public CircuitBreaker(Ticker ticker, int failureThreshold, Duration coolDown) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(coolDown, "coolDown");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("The failure threshold must be at least 1, got " + failureThreshold + ".");
        }
        if (coolDown.isNegative() || coolDown.isZero()) {
            throw new IllegalArgumentException("The cool-down must be positive, got " + coolDown + ".");
        }
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDown.toNanos();
    }

    /** Whether a call may go now; when {@code true}, report its outcome. A refusal is counted. */
    public synchronized boolean tryAcquire() {
        if (state == State.OPEN && coolDownOver()) {
            state = State.HALF_OPEN;
            probing = false;
        }
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.HALF_OPEN && !probing) {
            probing = true;
            return true;
        }
        rejections++;
        return false;
    }

    /** The dependency answered: the circuit is closed. {@code true} when that ended an open or half-open circuit. */
    public synchronized boolean succeeded() {
        consecutiveFailures = 0;
        probing = false;
        boolean closing = state != State.CLOSED;
        state = State.CLOSED;
        return closing;
    }

    /** The dependency failed. {@code true} when that opened a closed or half-open circuit (not a restart). */
    public synchronized boolean failed() {
        if (state == State.CLOSED && ++consecutiveFailures < failureThreshold) {
            return false;
        }
        boolean opening = state != State.OPEN;
        state = State.OPEN;
        openedAt = ticker.read();
        probing = false;
        consecutiveFailures = 0;
        return opening;
    }

    /** The call said nothing about the dependency's health; if it was the probe, the next call probes. */
    public synchronized void released() {
        if (state == State.HALF_OPEN) {
            probing = false;
        }
    }

    /** The current state; an open circuit whose cool-down is over reads as half-open. */
    public synchronized State state() {
        return state == State.OPEN && coolDownOver() ? State.HALF_OPEN : state;
    }

    /** Calls refused so far. */
    public synchronized long rejections() {
        return rejections;
    }

    /** Time left until a probe may go: the rest of the cool-down, or a second while a probe runs; zero if closed. */
    public synchronized Duration untilProbe() {
        if (state == State.CLOSED) {
            return Duration.ZERO;
        }
        long left = coolDownNanos - (ticker.read() - openedAt);
        return left > 0 ? Duration.ofNanos(left) : Duration.ofSeconds(1);
    }

    private boolean coolDownOver() {
        return ticker.read() - openedAt >= coolDownNanos;
    }
}
