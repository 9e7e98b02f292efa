package io.cinemix.core.port;

import io.cinemix.domain.MediaType;
import io.cinemix.domain.SearchQuery;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What makes two searches the same answer: the text case-folded (OMDb matches titles regardless of case;
 * {@link SearchQuery} has trimmed it), the page and the filters. The one place searches are normalised: identical
 * searches under way share one upstream call, and a {@link SearchCache} keeps one entry per key.
 */
public record SearchKey(String text, int page, Optional<MediaType> type, OptionalInt year) implements CacheKey {
    public SearchKey {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(year, "year");
        if (!text.equals(text.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("A search key's text is lower case; use SearchKey.of(query).");
        }
    }

    public static SearchKey of(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        return new SearchKey(query.text().toLowerCase(Locale.ROOT), query.page(), query.type(), query.year());
    }

    /** {@code "batman" page 2 type movie year 2005}: for log lines. */
    @Override
    public String toString() {
        return "\"" + text + "\" page " + page
                + type.map(t -> " type " + t.name().toLowerCase(Locale.ROOT)).orElse("")
                + (year.isPresent() ? " year " + year.getAsInt() : "");
    }
}
