package io.cinemix.adapter.redis;

import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The names Cinemix gives its keys in Redis, the one place they are spelled, so that other services reading the
 * cache find them: {@code movie_<imdb_id>} (short plot), {@code movie_<imdb_id>_full} (full plot),
 * {@code missing_<imdb_id>} (ids the upstream does not know), {@code search_<hash>} (search pages, when cached),
 * {@code too_broad_<hash>} (searches the upstream calls too broad), and {@code lease_{<one of those>}} (who fetches
 * it, hash-tagged into its slot).
 */
public final class RedisKeys {
    private RedisKeys() {
    }

    /** The name of what {@code key} names: {@link #details} or {@link #search}. */
    public static String name(CacheKey key) {
        if (key instanceof DetailsKey details) {
            return details(details);
        }
        return search((SearchKey) key);
    }

    public static String details(DetailsKey key) {
        return key.plot() == Plot.FULL ? "movie_" + key.id().value() + "_full" : "movie_" + key.id().value();
    }

    public static String missing(ImdbId id) {
        return "missing_" + id.value();
    }

    /**
     * {@code search_<hex SHA-256 of the search key>}, the key written as {@code page=2&type=movie&year=2005&text=batman}
     * ({@code type=}, {@code year=} empty when absent; the text as {@link SearchKey} normalised it).
     */
    public static String search(SearchKey key) {
        return "search_" + sha256("page=" + key.page() + "&" + written(SearchTerms.of(key)));
    }

    /**
     * {@code too_broad_<hex SHA-256 of the search terms>}, the terms written as {@code type=movie&year=2005&text=b}
     * (as in {@link #search}, without the page: a search too broad on one page is too broad on all).
     */
    public static String tooBroad(SearchTerms terms) {
        return "too_broad_" + sha256(written(terms));
    }

    /** {@code type=movie&year=2005&text=batman} ({@code type=}, {@code year=} empty when absent). */
    private static String written(SearchTerms terms) {
        return "type=" + terms.type().map(type -> type.name().toLowerCase(Locale.ROOT)).orElse("")
                + "&year=" + (terms.year().isPresent() ? Integer.toString(terms.year().getAsInt()) : "")
                + "&text=" + terms.text();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256.", e);
        }
    }

    /** {@code lease_{<name>}}: hash-tagged with the name, so in its cluster slot. */
    public static String lease(CacheKey key) {
        return lease(name(key));
    }

    /** {@link #lease(CacheKey)} of the key {@link #name} named already. */
    static String lease(String name) {
        return "lease_{" + name + "}";
    }
}
