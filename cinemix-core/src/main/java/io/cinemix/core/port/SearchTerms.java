package io.cinemix.core.port;

import io.cinemix.domain.MediaType;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A search without its page, normalised as {@link SearchKey} (the text lower-cased and trimmed, the filters): what the
 * upstream calls too broad ("Too many results."), since a text too broad on one page is too broad on every page. A
 * {@link SearchCache} remembers too-broad searches under it.
 */
public record SearchTerms(String text, Optional<MediaType> type, OptionalInt year) {
    public SearchTerms {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(year, "year");
        if (!text.equals(text.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Search terms' text is lower case; use SearchTerms.of(key).");
        }
    }

    /** The key's terms: every page of one search shares them. */
    public static SearchTerms of(SearchKey key) {
        Objects.requireNonNull(key, "key");
        return new SearchTerms(key.text(), key.type(), key.year());
    }

    /** {@code "b" type movie year 2005}: for log lines. */
    @Override
    public String toString() {
        return "\"" + text + "\""
                + type.map(t -> " type " + t.name().toLowerCase(Locale.ROOT)).orElse("")
                + (year.isPresent() ? " year " + year.getAsInt() : "");
    }
}
