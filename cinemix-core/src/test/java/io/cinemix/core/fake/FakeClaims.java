package io.cinemix.core.fake;

import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.core.port.UpstreamBudget;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The claim half of a hand-written fake cache that claims a cold fetch in one step, as a shared store does: its one
 * lease taken (unless {@link #heldElsewhere} says another instance holds it) and the call spent from the budget given;
 * a refused spend leaves the lease free. Counts claims and stores that released, and tells whether the lease is held.
 */
public final class FakeClaims {
    public final AtomicInteger claims = new AtomicInteger();
    public final AtomicInteger storesReleasing = new AtomicInteger();
    public final AtomicBoolean leaseHeld = new AtomicBoolean();
    private final UpstreamBudget budget;
    private volatile CompletableFuture<Void> heldElsewhere;
    private volatile Runnable atRelease = () -> { };
    private volatile Runnable afterClaim = () -> { };

    public FakeClaims(UpstreamBudget budget) {
        this.budget = budget;
    }

    /** From now on another instance holds the lease, until {@code released} completes. */
    public void heldElsewhere(CompletableFuture<Void> released) {
        this.heldElsewhere = released;
    }

    /** Runs {@code seen} when a granted lease is released, to see what was stored by then. */
    public void atRelease(Runnable seen) {
        this.atRelease = seen;
    }

    /** Runs {@code meanwhile} after each claim, before the claiming lookup goes on: what other requests do then. */
    public void afterClaim(Runnable meanwhile) {
        this.afterClaim = meanwhile;
    }

    /** The fetch of a key the cache holds nothing for ({@code nothing}): held elsewhere, or claimed here. */
    <R> ColdRead<R> claim(R nothing, Requester requester) {
        CompletableFuture<Void> held = heldElsewhere;
        if (held != null && !held.isDone()) {
            return ColdRead.heldElsewhere(nothing, Lease.heldElsewhere(held));
        }
        claims.incrementAndGet();
        Spend spend = budget.spend(requester);
        afterClaim.run();
        if (!spend.allowed()) {
            return ColdRead.claimed(nothing, Lease.grantedOnMiss(() -> { }), spend);
        }
        leaseHeld.set(true);
        return ColdRead.claimed(nothing, Lease.grantedOnMiss(() -> {
            atRelease.run();
            leaseHeld.set(false);
        }), spend);
    }
}
