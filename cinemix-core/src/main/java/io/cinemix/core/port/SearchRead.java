package io.cinemix.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SearchCache} holds for one search, read at once: its stored page, and whether its
 * {@link SearchTerms} are remembered as too broad. A stored page answers first.
 *
 * @param page     the stored page and its time to live; empty on a miss
 * @param tooBroad whether the upstream recently called the search's terms too broad
 */
public record SearchRead(Optional<CachedSearch> page, boolean tooBroad) {
    /** Nothing stored, nothing remembered: also what a read during an outage answers. */
    public static final SearchRead NOTHING = new SearchRead(Optional.empty(), false);

    public SearchRead {
        Objects.requireNonNull(page, "page");
    }
}
