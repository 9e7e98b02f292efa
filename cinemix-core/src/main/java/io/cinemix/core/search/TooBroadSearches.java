package io.cinemix.core.search;

import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.QueryTooBroadException;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The negative cache of searches: a search the upstream called too broad ("Too many results.") is remembered in a
 * {@link SearchCache} for the negative TTL under its {@link SearchTerms} (not its page: too broad on one page is too
 * broad on all), and asked again it fails at once with the same {@link QueryTooBroadException}, with no upstream call.
 * Off with a zero TTL or without a cache. An answer from memory is an error like the upstream's, never a cached page.
 */
final class TooBroadSearches {
    private static final Logger LOG = System.getLogger(TooBroadSearches.class.getName());

    private final Optional<SearchCache> memory;
    private final Duration ttl;

    TooBroadSearches(Optional<SearchCache> cache, Duration ttl) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("The negative cache TTL must not be negative, got " + ttl + ".");
        }
        this.memory = ttl.isZero() ? Optional.empty() : Objects.requireNonNull(cache, "cache");
    }

    /** Whether too-broad searches are remembered (so a lookup reads the memory with the page). */
    boolean on() {
        return memory.isPresent();
    }

    /** Fails when the memory holds the key's terms: one read of the cache, none when off. */
    void refuseIfRemembered(SearchKey key) {
        if (memory.isPresent()) {
            refuseIf(memory.get().isTooBroad(SearchTerms.of(key)), key);
        }
    }

    /** Fails when {@code tooBroad}, what a read of the cache answered for the key. */
    void refuseIf(boolean tooBroad, SearchKey key) {
        if (tooBroad) {
            LOG.log(Level.INFO, () -> "Search " + key + " answered too broad from memory, without the upstream");
            throw new QueryTooBroadException();
        }
    }

    /** Remembers the key's terms, which the upstream has just called too broad; nothing when off. */
    void remember(SearchKey key) {
        if (memory.isEmpty()) {
            return;
        }
        SearchTerms terms = SearchTerms.of(key);
        if (memory.get().rememberTooBroad(terms, ttl)) {
            LOG.log(Level.INFO, () -> "The upstream calls search " + terms + " too broad; remembered for "
                    + ttl.toSeconds() + " s");
        } else {
            LOG.log(Level.INFO, () -> "The upstream calls search " + terms + " too broad; could not remember it");
        }
    }
}
