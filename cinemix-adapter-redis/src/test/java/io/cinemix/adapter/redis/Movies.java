package io.cinemix.adapter.redis;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Rating;

import java.util.List;

/** Test data: one fully populated movie and one with almost nothing known. */
final class Movies {
    private Movies() {
    }

    static MovieDetails full(String id) {
        return new MovieDetails(ImdbId.of(id), "Serenity", "2005", "PG-13", "30 Sep 2005", "119 min",
                "Action, Adventure, Sci-Fi", "Joss Whedon", "Joss Whedon", "Nathan Fillion, Gina Torres",
                "Short plot of " + id, "English, Mandarin", "United States", "8 wins & 13 nominations",
                "https://m.media-amazon.com/images/poster.jpg",
                List.of(new Rating("Internet Movie Database", "7.8/10"), new Rating("Rotten Tomatoes", "83%")),
                74, 7.8, 323_456L, "movie", "20 Dec 2005", "$25,514,517", "Universal", "https://serenity.example",
                null, null, null, null);
    }

    static MovieDetails episode(String id) {
        return new MovieDetails(ImdbId.of(id), "Pilot", "2002", null, null, null, null, null, null, null, null,
                null, null, null, null, List.of(), null, null, null, "episode", null, null, null, null, null, 1, 1,
                ImdbId.of("tt0303461"));
    }
}
