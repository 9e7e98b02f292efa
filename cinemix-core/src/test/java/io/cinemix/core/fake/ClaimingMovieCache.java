package io.cinemix.core.fake;

import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.Requester;
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
 * {@link InMemoryMovieCache} read, else the fetch claimed ({@link FakeClaims}).
 */
public final class ClaimingMovieCache implements MovieCache {
    public final InMemoryMovieCache entries = new InMemoryMovieCache();
    public final AtomicInteger claims;
    public final AtomicInteger storesReleasing;
    public final AtomicBoolean leaseHeld;
    /** The lease the last store released with it. */
    public final AtomicReference<Lease> releasedByStore = new AtomicReference<>();
    private final FakeClaims fetches;

    public ClaimingMovieCache(UpstreamBudget budget) {
        this.fetches = new FakeClaims(budget);
        this.claims = fetches.claims;
        this.storesReleasing = fetches.storesReleasing;
        this.leaseHeld = fetches.leaseHeld;
    }

    /** From now on another instance holds the lease, until {@code released} completes. */
    public void heldElsewhere(CompletableFuture<Void> released) {
        fetches.heldElsewhere(released);
    }

    /** Runs {@code meanwhile} after each claim, before the claiming lookup goes on: what other requests do then. */
    public void afterClaim(Runnable meanwhile) {
        fetches.afterClaim(meanwhile);
    }

    @Override
    public ColdRead<CacheRead> readOrClaim(DetailsKey key, Requester requester) {
        CacheRead read = entries.read(key.id(), key.plot());
        if (read.entry().isPresent() || read.missingFor().isPresent()) {
            return ColdRead.of(read);
        }
        return fetches.claim(CacheRead.NOTHING, requester);
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
