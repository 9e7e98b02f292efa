package io.cinemix.ports;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.InvalidInputException;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import java.util.Optional;

/**
 * The cache's key names, shared by every {@link MovieCache} so that other services reading the cache find them:
 * {@code movie_<imdb_id>} (short plot), {@code movie_<imdb_id>_full} (full plot), {@code missing_<imdb_id>} (ids the
 * upstream does not know), {@code search_<hash>} (search pages, when they are cached).
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

    /**
     * {@code search_<hex SHA-256 of the normalized parameters>}: the text case-folded (OMDb matches titles regardless
     * of case; {@link SearchQuery} has trimmed it), the page, the type and the year, as
     * {@code page=2&type=movie&year=2005&text=batman} ({@code type=}, {@code year=} empty when absent).
     */
    public static String search(SearchQuery query) {
        String normalized = "page=" + query.page()
                + "&type=" + query.type().map(type -> type.name().toLowerCase(Locale.ROOT)).orElse("")
                + "&year=" + (query.year().isPresent() ? Integer.toString(query.year().getAsInt()) : "")
                + "&text=" + query.text().toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return "search_" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256.", e);
        }
    }
}
