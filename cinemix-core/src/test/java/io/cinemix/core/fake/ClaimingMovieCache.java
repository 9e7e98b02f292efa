package io.cinemix.core.fake;

import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.core.port.UpstreamBudget;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A hand-written {@link MovieCache} fake that claims a cold fetch in one step, as a shared store does: its
 * {@link InMemoryMovieCache} read, else its one lease taken (unless {@link #heldElsewhere} says another instance
 * holds it) and the call spent from the budget given; a refused spend leaves the lease free. Counts claims and stores
 * that released, and tells whether the lease is held.
 */
public final class ClaimingMovieCache implements MovieCache {
    public final InMemoryMovieCache entries = new InMemoryMovieCache();
    public final AtomicInteger claims = new AtomicInteger();
    public final AtomicInteger storesReleasing = new AtomicInteger();
    public final AtomicBoolean leaseHeld = new AtomicBoolean();
    /** The lease the last store released with it. */
    public final AtomicReference<Lease> releasedByStore = new AtomicReference<>();
    private final UpstreamBudget budget;
    private volatile CompletableFuture<Void> heldElsewhere;
    private volatile Runnable afterClaim = () -> { };

    public ClaimingMovieCache(UpstreamBudget budget) {
        this.budget = budget;
    }

    /** From now on another instance holds the lease, until {@code released} completes. */
    public void heldElsewhere(CompletableFuture<Void> released) {
        this.heldElsewhere = released;
    }

    /** Runs {@code meanwhile} after each claim, before the claiming lookup goes on: what other requests do then. */
    public void afterClaim(Runnable meanwhile) {
        this.afterClaim = meanwhile;
    }

    @Override
    public ColdRead readOrClaim(DetailsKey key, Requester requester) {
        CacheRead read = entries.read(key.id(), key.plot());
        if (read.entry().isPresent() || read.missingFor().isPresent()) {
            return ColdRead.of(read);
        }
        CompletableFuture<Void> held = heldElsewhere;
        if (held != null && !held.isDone()) {
            return ColdRead.heldElsewhere(Lease.heldElsewhere(held));
        }
        claims.incrementAndGet();
        Spend spend = budget.spend(requester);
        afterClaim.run();
        if (!spend.allowed()) {
            return ColdRead.claimed(Lease.grantedOnMiss(() -> { }), spend);
        }
        leaseHeld.set(true);
        return ColdRead.claimed(Lease.grantedOnMiss(() -> leaseHeld.set(false)), spend);
    }

    @Override
    public boolean putReleasing(MovieDetails movie, Plot plot, Duration ttl, Lease lease) {
        storesReleasing.incrementAndGet();
        releasedByStore.set(lease);
        return MovieCache.super.putReleasing(movie, plot, ttl, lease);
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        return entries.get(id, plot);
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        return entries.put(movie, plot, ttl);
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        return entries.missingFor(id);
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        return entries.putMissing(id, ttl);
    }
}
