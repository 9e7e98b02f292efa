package io.cinemix.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchPageTest {

    @ParameterizedTest
    @CsvSource({"0,0", "1,1", "10,1", "11,2", "98,10", "480,48", "1000,100", "1001,100", "543210,100"})
    void countsTenResultsAPageAndAtMostHundredPages(long totalResults, int totalPages) {
        assertThat(new SearchPage(List.of(), totalResults, 1).totalPages()).isEqualTo(totalPages);
    }

    @Test
    void emptyPageHasNoResultsAndNoPages() {
        SearchPage page = SearchPage.empty(7);
        assertThat(page.results()).isEmpty();
        assertThat(page.totalResults()).isZero();
        assertThat(page.totalPages()).isZero();
        assertThat(page.page()).isEqualTo(7);
    }

    @Test
    void keepsDuplicatesAndCannotBeChangedThroughTheGivenList() {
        MovieSummary batman = new MovieSummary(ImdbId.of("tt0372784"), "Batman Begins", "2005", "movie",
                Optional.empty());
        List<MovieSummary> results = new ArrayList<>(List.of(batman, batman));
        SearchPage page = new SearchPage(results, 2, 1);
        results.clear();
        assertThat(page.results()).containsExactly(batman, batman);
    }

    @Test
    void refusesNegativeTotals() {
        assertThatThrownBy(() -> new SearchPage(List.of(), -1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
