package io.cinemix.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * Who asks for a lookup, as the rate limiter sees them (their key: an address, an IPv6 /64), and what the lookup cost
 * them. An upstream call is charged to the requester whose lookup makes it, once: a request that joins a lookup under
 * way, or waits for another instance's, is not charged, and its {@link #share()} stays empty. One per request;
 * {@link #NOBODY} (background refreshes, callers without clients) is never charged.
 */
public final class Requester {
    public static final Requester NOBODY = new Requester("");

    private final String key;
    private volatile ClientShare share;

    private Requester(String key) {
        this.key = key;
    }

    public static Requester of(String key) {
        Objects.requireNonNull(key, "key");
        return key.isEmpty() ? NOBODY : new Requester(key);
    }

    public String key() {
        return key;
    }

    public boolean isNobody() {
        return key.isEmpty();
    }

    /** Records what charging an upstream call to this requester left of their share (or that it was spent). */
    public void charged(ClientShare share) {
        if (!isNobody()) {
            this.share = Objects.requireNonNull(share, "share");
        }
    }

    /** The share as charging this requester left it; empty when nothing was charged to them. */
    public Optional<ClientShare> share() {
        return Optional.ofNullable(share);
    }

    @Override
    public String toString() {
        return isNobody() ? "nobody" : "client " + key;
    }
}
