package io.cinemix.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link MovieCache#readOrClaim} answers: what the cache holds for a title, or, when it holds nothing for it, the
 * fetch claimed in the same step: the key's {@link FetchLeases.Lease lease} and one upstream call of the budget spent
 * for the requester (refused, perhaps).
 *
 * @param read  the entry or negative marker read; {@link CacheRead#NOTHING} when the fetch was claimed or found held
 * @param lease the key's lease, taken (granted) or found held elsewhere by the read; empty when the store only read
 * @param spend the upstream call spent with a granted lease; when refused, the store released the lease already
 */
public record ColdRead(CacheRead read, Optional<FetchLeases.Lease> lease, Optional<Spend> spend) {
    public ColdRead {
        Objects.requireNonNull(read, "read");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(spend, "spend");
        if (lease.isPresent() && !read.equals(CacheRead.NOTHING)) {
            throw new IllegalArgumentException("A lease is claimed only when nothing was read.");
        }
        if (spend.isPresent() != lease.map(FetchLeases.Lease::granted).orElse(false)) {
            throw new IllegalArgumentException("A granted lease comes with its spend, and only a granted one.");
        }
    }

    /** The store only read: the caller takes the lease and spends the budget itself, as separate steps. */
    public static ColdRead of(CacheRead read) {
        return new ColdRead(read, Optional.empty(), Optional.empty());
    }

    /** Nothing stored, and another instance holds the lease: the caller waits for its release. */
    public static ColdRead heldElsewhere(FetchLeases.Lease lease) {
        if (lease.granted()) {
            throw new IllegalArgumentException("A lease held elsewhere is not granted.");
        }
        return new ColdRead(CacheRead.NOTHING, Optional.of(lease), Optional.empty());
    }

    /** Nothing stored: the lease is the caller's and the upstream call is spent ({@code spend}, maybe refused). */
    public static ColdRead claimed(FetchLeases.Lease lease, Spend spend) {
        return new ColdRead(CacheRead.NOTHING, Optional.of(lease), Optional.of(spend));
    }

    /** Whether the fetch was claimed here: the lease granted, the call spent. */
    public boolean claimed() {
        return spend.isPresent();
    }
}
