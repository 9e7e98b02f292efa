package io.cinemix.domain;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A search by title: the text (trimmed, 1 to 200 characters), the page (1 to 100; OMDb serves 10 results a page and
 * at most 100 pages), and optional filters by type and by year (four digits).
 */
public record SearchQuery(String text, int page, Optional<MediaType> type, OptionalInt year) {
    public static final int MAX_TEXT_LENGTH = 200;
    public static final int MAX_PAGE = 100;

    public SearchQuery {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("The query is required: give a title to search for.");
        }
        text = text.strip();
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidInputException("The query must be at most " + MAX_TEXT_LENGTH + " characters long.");
        }
        if (page < 1 || page > MAX_PAGE) {
            throw new InvalidInputException("The page must be a whole number from 1 to " + MAX_PAGE + ".");
        }
        type = type == null ? Optional.empty() : type;
        year = year == null ? OptionalInt.empty() : year;
        if (year.isPresent() && (year.getAsInt() < 1000 || year.getAsInt() > 9999)) {
            throw new InvalidInputException("The year must have four digits, e.g. 2005.");
        }
    }

    /** The first page of all titles matching {@code text}. */
    public static SearchQuery of(String text) {
        return new SearchQuery(text, 1, Optional.empty(), OptionalInt.empty());
    }

    public SearchQuery withPage(int newPage) {
        return new SearchQuery(text, newPage, type, year);
    }
}
