package io.cinemix.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * Who asks for a lookup, as the rate limiter sees them (their key: an address, an IPv6 /64), and what the lookup cost
 * them. An upstream call is charged to the requester whose lookup makes it, once: a request that joins a lookup under
 * way, or waits for another instance's, is not charged, and its {@link #share()} stays empty. One per request;
 * {@link #NOBODY} (background refreshes, callers without clients) is never charged.
 *
 * <p>When the step that claimed a fetch spent its upstream call already ({@link MovieCache#readOrClaim}), the call is
 * made on behalf of {@link #prepaid(Spend)}: the same requester, carrying that spend, so that a budget in front of the
 * upstream takes it instead of spending again.
 */
public final class Requester {
    public static final Requester NOBODY = new Requester("", null, null);

    private final String key;
    /** For a {@link #prepaid} view: the requester it stands for, who is charged; else {@code null}. */
    private final Requester payer;
    private final Spend prepaid;
    private volatile ClientShare share;

    private Requester(String key, Requester payer, Spend prepaid) {
        this.key = key;
        this.payer = payer;
        this.prepaid = prepaid;
    }

    public static Requester of(String key) {
        Objects.requireNonNull(key, "key");
        return key.isEmpty() ? NOBODY : new Requester(key, null, null);
    }

    /**
     * This requester for one upstream call whose budget was spent already, as {@code spend} says (allowed or refused):
     * charging the view charges this requester.
     */
    public Requester prepaid(Spend spend) {
        Objects.requireNonNull(spend, "spend");
        return new Requester(key, payer == null ? this : payer, spend);
    }

    /** The spend of a call paid for already ({@link #prepaid}); empty when the call is still to be spent. */
    public Optional<Spend> prepaid() {
        return Optional.ofNullable(prepaid);
    }

    public String key() {
        return key;
    }

    public boolean isNobody() {
        return key.isEmpty();
    }

    /** Records what charging an upstream call to this requester left of their share (or that it was spent). */
    public void charged(ClientShare share) {
        if (payer != null) {
            payer.charged(share);
        } else if (!isNobody()) {
            this.share = Objects.requireNonNull(share, "share");
        }
    }

    /** The share as charging this requester left it; empty when nothing was charged to them. */
    public Optional<ClientShare> share() {
        return payer != null ? payer.share() : Optional.ofNullable(share);
    }

    @Override
    public String toString() {
        return isNobody() ? "nobody" : "client " + key;
    }
}
