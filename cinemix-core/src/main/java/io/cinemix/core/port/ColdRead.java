package io.cinemix.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * What a cache's read-or-claim answers ({@link MovieCache#readOrClaim}, {@link SearchCache#readOrClaim}): what the
 * cache holds for a key, or, when it holds nothing for it, the fetch claimed in the same step: the key's
 * {@link FetchLeases.Lease lease} and one upstream call of the budget spent for the requester (refused, perhaps).
 *
 * @param <R>   what the cache reads for a key: a {@link CacheRead} (details), a {@link SearchRead} (search pages)
 * @param read  what was read; the cache's "nothing" when the fetch was claimed or found held
 * @param lease the key's lease, taken (granted) or found held elsewhere by the read; empty when the store only read
 * @param spend the upstream call spent with a granted lease; when refused, the store released the lease already
 */
public record ColdRead<R>(R read, Optional<FetchLeases.Lease> lease, Optional<Spend> spend) {
    public ColdRead {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(spend, "spend");
        if (spend.isPresent() != lease.map(FetchLeases.Lease::granted).orElse(false)) {
            throw new IllegalArgumentException("A granted lease comes with its spend, and only a granted one.");
        }
    }

    /** The store only read: the caller takes the lease and spends the budget itself, as separate steps. */
    public static <R> ColdRead<R> of(R read) {
        return new ColdRead<>(read, Optional.empty(), Optional.empty());
    }

    /** Nothing stored ({@code nothing}), and another instance holds the lease: the caller waits for its release. */
    public static <R> ColdRead<R> heldElsewhere(R nothing, FetchLeases.Lease lease) {
        if (lease.granted()) {
            throw new IllegalArgumentException("A lease held elsewhere is not granted.");
        }
        return new ColdRead<>(nothing, Optional.of(lease), Optional.empty());
    }

    /** Nothing stored ({@code nothing}): the lease is the caller's and the call is spent ({@code spend}, maybe refused). */
    public static <R> ColdRead<R> claimed(R nothing, FetchLeases.Lease lease, Spend spend) {
        return new ColdRead<>(nothing, Optional.of(lease), Optional.of(spend));
    }

    /** Whether the fetch was claimed here: the lease granted, the call spent. */
    public boolean claimed() {
        return spend.isPresent();
    }
}
