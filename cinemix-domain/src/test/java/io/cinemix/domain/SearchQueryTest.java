package io.cinemix.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchQueryTest {

    @Test
    void trimsTheText() {
        assertThat(SearchQuery.of("  batman \t").text()).isEqualTo("batman");
    }

    @Test
    void startsAtPageOneWithoutFilters() {
        SearchQuery query = SearchQuery.of("batman");
        assertThat(query.page()).isEqualTo(1);
        assertThat(query.type()).isEmpty();
        assertThat(query.year()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void rejectsBlankText(String text) {
        assertThatThrownBy(() -> SearchQuery.of(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("query is required");
    }

    @Test
    void acceptsTwoHundredCharactersAndRejectsMore() {
        assertThat(SearchQuery.of("a".repeat(200)).text()).hasSize(200);
        assertThat(SearchQuery.of(" " + "a".repeat(200) + " ").text()).hasSize(200);
        assertThatThrownBy(() -> SearchQuery.of("a".repeat(201))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 200");
    }

    @Test
    void acceptsPagesOneToHundred() {
        assertThat(SearchQuery.of("x").withPage(1).page()).isEqualTo(1);
        assertThat(SearchQuery.of("x").withPage(100).page()).isEqualTo(100);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101, Integer.MAX_VALUE})
    void rejectsPagesOutsideOneToHundred(int page) {
        assertThatThrownBy(() -> SearchQuery.of("x").withPage(page)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("from 1 to 100");
    }

    @ParameterizedTest
    @ValueSource(ints = {999, 10000, 0, -2005})
    void rejectsYearsThatAreNotFourDigits(int year) {
        assertThatThrownBy(() -> new SearchQuery("x", 1, Optional.empty(), OptionalInt.of(year)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("four digits");
    }

    @Test
    void keepsTypeAndYearFilters() {
        SearchQuery query = new SearchQuery("x", 2, Optional.of(MediaType.SERIES), OptionalInt.of(2005));
        assertThat(query.type()).contains(MediaType.SERIES);
        assertThat(query.year()).hasValue(2005);
    }

    @Test
    void parsesOnlyTheThreeSearchableTypes() {
        assertThat(MediaType.parse("movie")).isEqualTo(MediaType.MOVIE);
        assertThat(MediaType.parse("episode").wireName()).isEqualTo("episode");
        assertThatThrownBy(() -> MediaType.parse("game")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("movie, series or episode");
        assertThatThrownBy(() -> MediaType.parse("MOVIE")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void parsesShortAndFullPlots() {
        assertThat(Plot.parse("full")).isEqualTo(Plot.FULL);
        assertThatThrownBy(() -> Plot.parse("long")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("short or full");
    }
}
