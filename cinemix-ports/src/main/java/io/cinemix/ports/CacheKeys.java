package io.cinemix.ports;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.InvalidInputException;
import io.cinemix.domain.Plot;

import java.util.Optional;

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

    /** The id whose details {@code key} names ({@code movie_<id>} or {@code movie_<id>_full}); empty for others. */
    public static Optional<ImdbId> detailsId(String key) {
        if (key == null || !key.startsWith("movie_")) {
            return Optional.empty();
        }
        String id = key.endsWith("_full") ? key.substring(6, key.length() - 5) : key.substring(6);
        try {
            return Optional.of(ImdbId.of(id));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    public static String missing(ImdbId id) {
        return "missing_" + id.value();
    }
}
