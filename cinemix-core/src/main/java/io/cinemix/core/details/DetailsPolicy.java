package io.cinemix.core.details;

import io.cinemix.core.port.Freshness;

import java.time.Duration;
import java.util.Objects;

/**
 * How long details are kept and trusted: fresh for {@code ttl}, kept {@code grace} longer to be served only when the
 * upstream cannot be used, and ids the upstream does not know remembered for {@code negativeTtl} (zero: never).
 */
public record DetailsPolicy(Duration ttl, Duration grace, Duration negativeTtl) {
    public DetailsPolicy {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(negativeTtl, "negativeTtl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("The cache TTL must be positive, got " + ttl + ".");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("The cache grace must not be negative, got " + grace + ".");
        }
        if (negativeTtl.isNegative()) {
            throw new IllegalArgumentException("The negative cache TTL must not be negative, got " + negativeTtl + ".");
        }
    }

    /** How long a details entry is stored: {@code ttl + grace}. */
    public Duration storedFor() {
        return ttl.plus(grace);
    }

    /** Whether an entry with {@code timeToLive} left is fresh. Without grace every entry the cache returns is. */
    public boolean isFresh(Duration timeToLive) {
        return grace.isZero() || timeToLive.compareTo(grace) > 0;
    }

    /**
     * The freshness of an entry with {@code timeToLive} left: fresh for what exceeds the grace, stored
     * {@code ttl + grace - timeToLive} ago (both at least zero).
     */
    public Freshness freshness(Duration timeToLive) {
        Duration left = timeToLive.minus(grace);
        Duration age = storedFor().minus(timeToLive);
        return new Freshness(left.isNegative() ? Duration.ZERO : left, age.isNegative() ? Duration.ZERO : age, grace);
    }

    /** The freshness of an entry stored just now. */
    public Freshness justStored() {
        return freshness(storedFor());
    }

    public boolean remembersMissing() {
        return !negativeTtl.isZero();
    }
}
