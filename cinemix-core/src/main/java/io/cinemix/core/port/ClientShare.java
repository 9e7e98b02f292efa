package io.cinemix.core.port;

import java.time.Duration;
import java.util.Objects;

/**
 * One client's share of the daily upstream budget, as the budget counted it when it charged the client: how many calls
 * a client may cause per UTC day, how many are left, and how long until the share resets (the next UTC midnight).
 */
public record ClientShare(long limit, long left, Duration untilReset) {
    public ClientShare {
        Objects.requireNonNull(untilReset, "untilReset");
        if (limit < 1 || left < 0 || left > limit) {
            throw new IllegalArgumentException("A share needs 0 <= left <= limit and limit >= 1, got " + left + " of "
                    + limit + ".");
        }
    }

    public boolean spent() {
        return left == 0;
    }
}
