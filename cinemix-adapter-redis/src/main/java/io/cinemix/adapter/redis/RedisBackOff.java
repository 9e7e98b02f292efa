package io.cinemix.adapter.redis;

import io.cinemix.domain.Ticker;

import java.time.Duration;
import java.util.Objects;

/**
 * When to leave Redis alone: after a command failed without an answer from Redis (a timeout, a connection error, a
 * command rejected while disconnected), commands are not sent for a back-off period; they fail at once instead of
 * each waiting the command timeout. A frozen Redis thus costs one command timeout per back-off period, not one per
 * command: a cache miss that makes five Redis calls waits 300 ms, not 1.5 s.
 *
 * <p>States:
 * <ul>
 *   <li><b>reachable</b> (the normal case): every command goes through ({@link #mayCall()} is one volatile read);</li>
 *   <li><b>backing off</b>, from a failure until {@code backOff} later: every command is refused;</li>
 *   <li><b>probing</b>, once the back-off has passed: the next command goes through as a probe, the others are still
 *   refused until it ends. Its answer ({@link #answered()}) makes Redis reachable again; its failure
 *   ({@link #failed}) starts a new back-off.</li>
 * </ul>
 * Any answer from Redis, an error reply included (Redis answered), ends a back-off; any failure, in any state,
 * (re)starts it from now. Thread-safe; the ticker is injected so the states are tested without sleeping.
 */
final class RedisBackOff {
    static final Duration DEFAULT_BACK_OFF = Duration.ofSeconds(1);

    private final Ticker ticker;
    private final long backOffNanos;
    private volatile boolean reachable = true;
    /** Guarded by {@code this}. */
    private long retryAt;
    /** Guarded by {@code this}. */
    private boolean probing;
    private volatile String lastFailure = "";

    RedisBackOff(Ticker ticker, Duration backOff) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(backOff, "backOff");
        if (backOff.isNegative() || backOff.isZero()) {
            throw new IllegalArgumentException("The Redis back-off must be positive, got " + backOff + ".");
        }
        this.backOffNanos = backOff.toNanos();
    }

    /**
     * Whether a command may be sent now. When it answers {@code true}, the caller must report the outcome with
     * {@link #answered()} or {@link #failed}.
     */
    boolean mayCall() {
        if (reachable) {
            return true;
        }
        synchronized (this) {
            if (reachable) {
                return true;
            }
            if (probing || ticker.read() - retryAt < 0) {
                return false;
            }
            probing = true;
            return true;
        }
    }

    /** Redis answered a command (with a value or an error reply): it is reachable. */
    void answered() {
        if (reachable) {
            return;
        }
        synchronized (this) {
            reachable = true;
            probing = false;
        }
    }

    /** A command got no answer from Redis: leave Redis alone for the back-off period, counted from now. */
    void failed(Throwable failure) {
        String description = RateLimitedLog.describe(failure);
        synchronized (this) {
            reachable = false;
            probing = false;
            retryAt = ticker.read() + backOffNanos;
            lastFailure = description;
        }
    }

    /** Whether commands are being refused or probed (for tests and messages). */
    boolean backingOff() {
        return !reachable;
    }

    /** The exception a refused command fails with: cheap (no stack trace), naming the failure that started it. */
    RedisBackOffException refusal() {
        return new RedisBackOffException("Redis not asked: backing off for " + backOffNanos / 1_000_000
                + " ms after a command failed (" + lastFailure + ")");
    }

    /** A command refused during a back-off. It has no stack trace: it is thrown on every refused command. */
    static final class RedisBackOffException extends RuntimeException {
        RedisBackOffException(String message) {
            super(message, null, false, false);
        }
    }
}
