package io.cinemix.core.port;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link MovieCache} holds for one title, read at once: the entry, or else how much longer the id is
 * remembered as unknown upstream (the negative cache).
 *
 * @param entry      the stored details and their time to live; empty on a miss
 * @param missingFor when there is no entry: how much longer the id is remembered as unknown; empty when it is not
 */
public record CacheRead(Optional<CachedMovie> entry, Optional<Duration> missingFor) {
    public static final CacheRead NOTHING = new CacheRead(Optional.empty(), Optional.empty());

    public CacheRead {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(missingFor, "missingFor");
        if (entry.isPresent() && missingFor.isPresent()) {
            throw new IllegalArgumentException("An id with an entry is not remembered as missing.");
        }
    }

    public static CacheRead of(CachedMovie entry) {
        return new CacheRead(Optional.of(entry), Optional.empty());
    }

    public static CacheRead missing(Optional<Duration> missingFor) {
        return new CacheRead(Optional.empty(), missingFor);
    }
}
