package io.cinemix.domain;

import java.util.List;
import java.util.Objects;

/**
 * One page of search results. {@code totalResults} counts every match; {@link #totalPages()} is what can be paged
 * through: ten results a page, at most {@value SearchQuery#MAX_PAGE} pages. Duplicates are kept as the source sent them.
 */
public record SearchPage(List<MovieSummary> results, long totalResults, int page) {
    public static final int PAGE_SIZE = 10;

    public SearchPage {
        results = List.copyOf(Objects.requireNonNull(results, "results"));
        if (totalResults < 0) {
            throw new IllegalArgumentException("totalResults must not be negative");
        }
        if (page < 1) {
            throw new IllegalArgumentException("page must be at least 1");
        }
    }

    /** A page with no results (no match, or a page past the last one). */
    public static SearchPage empty(int page) {
        return new SearchPage(List.of(), 0, page);
    }

    public int totalPages() {
        long pages = (totalResults + PAGE_SIZE - 1) / PAGE_SIZE;
        return (int) Math.min(pages, SearchQuery.MAX_PAGE);
    }
}
