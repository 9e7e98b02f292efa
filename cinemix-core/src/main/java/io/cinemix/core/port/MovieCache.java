package io.cinemix.core.port;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;

import java.time.Duration;
import java.util.Optional;

/**
 * Where movie details are kept between upstream calls, and where ids the upstream does not know are remembered.
 *
 * <p>A cache is an optimisation, never a dependency: an implementation absorbs its own outages and never throws for
 * one. Reads then answer a miss ({@code get} and {@code missingFor}: empty), writes answer "not
 * stored" ({@code put}, {@code putMissing}: {@code false}); it reports the outage itself (log,
 * metrics). Callers therefore do not guard against it.
 */
public interface MovieCache {

    /** The stored details and how long they have left to live; empty on a miss or when the cache is unreachable. */
    Optional<CachedMovie> get(ImdbId id, Plot plot);

    /**
     * The entry and, when there is none, the negative cache's time left for the id: what a lookup reads first. An
     * implementation may answer both in one trip to its store; this default asks {@link #get}, then
     * {@link #missingFor}.
     */
    default CacheRead read(ImdbId id, Plot plot) {
        Optional<CachedMovie> entry = get(id, plot);
        return entry.isPresent() ? CacheRead.of(entry.get()) : CacheRead.missing(missingFor(id));
    }

    /**
     * What a cold lookup does first, in one step when the store keeps the leases and the upstream budget beside the
     * cache: {@link #read}, and, when there is neither an entry nor a negative marker, the fetch claimed at once (the
     * key's lease taken and, if granted, one upstream call spent for {@code requester}; if the budget refuses it, the
     * lease released again) or found held by another instance ({@link ColdRead}). Ask only when a call made now
     * could reach the upstream ({@link MovieCatalog#admitsCalls()}), so that a refused call spends nothing. This
     * default only reads; so does a store that cannot claim in one step: the caller then takes the lease and spends
     * the budget as separate steps.
     */
    default ColdRead<CacheRead> readOrClaim(DetailsKey key, Requester requester) {
        return ColdRead.of(read(key.id(), key.plot()));
    }

    /**
     * Stores the details for {@code ttl}, replacing what was there; {@code false} when they could not be stored
     * (the cache is unreachable).
     */
    boolean put(MovieDetails movie, Plot plot, Duration ttl);

    /**
     * {@link #put}, then {@code lease} released ({@link FetchLeases.Lease#release()}): in one step when the store
     * keeps the lease beside the entry and granted it (with {@link #readOrClaim}, or through its {@link FetchLeases}).
     * This default takes the two steps.
     */
    default boolean putReleasing(MovieDetails movie, Plot plot, Duration ttl, FetchLeases.Lease lease) {
        try {
            return put(movie, plot, ttl);
        } finally {
            lease.release();
        }
    }

    /**
     * What this process holds for the id in its own memory, found without I/O and without waiting, so that a caller on
     * an event loop may ask; empty when finding out would mean asking a server. The default holds nothing.
     */
    default Optional<CachedMovie> peek(ImdbId id, Plot plot) {
        return Optional.empty();
    }

    /**
     * How much longer this id is remembered as unknown upstream (negative cache); empty when it is not (or the cache
     * is unreachable).
     */
    Optional<Duration> missingFor(ImdbId id);

    /** Whether this id was recently found unknown upstream: {@link #missingFor} is present. */
    default boolean isKnownMissing(ImdbId id) {
        return missingFor(id).isPresent();
    }

    /**
     * Remembers for {@code ttl} that the upstream does not know this id; {@code false} when it could not be
     * remembered (the cache is unreachable).
     */
    boolean putMissing(ImdbId id, Duration ttl);
}
