package io.cinemix.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MovieDetailsTest {

    private static MovieDetails details(String title, List<Rating> ratings) {
        return new MovieDetails(ImdbId.of("tt0372784"), title, "2005", null, null, null, null, null, null, null,
                null, null, null, null, null, ratings, 70, 8.2, 1_632_190L, "movie", null, null, null, null, null,
                null, null, null);
    }

    @Test
    void absentRatingsAreAnEmptyList() {
        assertThat(details("Batman Begins", null).ratings()).isEmpty();
    }

    @Test
    void ratingsCannotBeChangedThroughTheGivenList() {
        List<Rating> ratings = new ArrayList<>(List.of(new Rating("Metacritic", "70/100")));
        MovieDetails movie = details("Batman Begins", ratings);
        ratings.clear();
        assertThat(movie.ratings()).containsExactly(new Rating("Metacritic", "70/100"));
    }

    @Test
    void requiresATitle() {
        assertThatThrownBy(() -> details(null, List.of())).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("title");
    }
}
