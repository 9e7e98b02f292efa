package io.cinemix.core.port;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;

import java.util.Objects;

/** The details of one title with one plot length: what a {@link MovieCache} keeps one entry under. */
public record DetailsKey(ImdbId id, Plot plot) implements CacheKey {
    public DetailsKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plot, "plot");
    }

    /** {@code tt0372784}, or {@code tt0372784 (full plot)}: for log lines. */
    @Override
    public String toString() {
        return plot == Plot.FULL ? id.value() + " (full plot)" : id.value();
    }
}
