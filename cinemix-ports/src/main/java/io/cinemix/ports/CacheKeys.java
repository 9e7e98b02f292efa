package io.cinemix.ports;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;

/**
 * The cache's key names, shared by every {@link MovieCache} so that other services reading the cache find them:
 * {@code movie_<imdb_id>} (short plot), {@code movie_<imdb_id>_full} (full plot), {@code missing_<imdb_id>} (ids the
 * upstream does not know).
 */
public final class CacheKeys {
    private CacheKeys() {
    }

    public static String details(ImdbId id, Plot plot) {
        return plot == Plot.FULL ? "movie_" + id.value() + "_full" : "movie_" + id.value();
    }

    public static String missing(ImdbId id) {
        return "missing_" + id.value();
    }
}
