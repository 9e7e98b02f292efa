package io.cinemix.core.port;

import io.cinemix.domain.SearchPage;

import java.time.Duration;
import java.util.Objects;

/** A search page read from a {@link SearchCache}, with its remaining time to live. */
public record CachedSearch(SearchPage page, Duration timeToLive) {
    public CachedSearch {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(timeToLive, "timeToLive");
    }
}
