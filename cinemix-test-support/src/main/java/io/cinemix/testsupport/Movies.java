package io.cinemix.testsupport;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Rating;

import java.util.List;

/** Test data, so that tests need not spell out MovieDetails' 28 components. */
public final class Movies {
    private Movies() {
    }

    /** Batman Begins (tt0372784), every movie component known but DVD, production and website. */
    public static MovieDetails batmanBegins() {
        return new MovieDetails(ImdbId.of("tt0372784"), "Batman Begins", "2005", "PG-13", "15 Jun 2005", "140 min",
                "Action, Crime, Drama", "Christopher Nolan", "Bob Kane, David S. Goyer", "Christian Bale, Michael Caine",
                "After witnessing his parents' death...", "English, Mandarin", "United States, United Kingdom",
                "Nominated for 1 Oscar.", "https://m.media-amazon.com/images/M/batman.jpg",
                List.of(new Rating("Internet Movie Database", "8.2/10"), new Rating("Rotten Tomatoes", "85%")),
                70, 8.2, 1_600_000L, "movie", null, "$206,863,479", null, null, null, null, null, null);
    }

    /** A movie under {@code id} with every movie component known (a series' and an episode's stay empty). */
    public static MovieDetails full(String id) {
        return new MovieDetails(ImdbId.of(id), "Serenity", "2005", "PG-13", "30 Sep 2005", "119 min",
                "Action, Adventure, Sci-Fi", "Joss Whedon", "Joss Whedon", "Nathan Fillion, Gina Torres",
                "Short plot of " + id, "English, Mandarin", "United States", "8 wins & 13 nominations",
                "https://m.media-amazon.com/images/poster.jpg",
                List.of(new Rating("Internet Movie Database", "7.8/10"), new Rating("Rotten Tomatoes", "83%")),
                74, 7.8, 323_456L, "movie", "20 Dec 2005", "$25,514,517", "Universal", "https://serenity.example",
                null, null, null, null);
    }

    /** An episode (season 1, episode 1 of tt0303461) with almost nothing else known. */
    public static MovieDetails episode(String id) {
        return new MovieDetails(ImdbId.of(id), "Pilot", "2002", null, null, null, null, null, null, null, null,
                null, null, null, null, List.of(), null, null, null, "episode", null, null, null, null, null, 1, 1,
                ImdbId.of("tt0303461"));
    }

    /** Only the required components and a few a listing shows: the title, the year 2005, type movie. */
    public static MovieDetails minimal(String id, String title) {
        return new MovieDetails(ImdbId.of(id), title, "2005", null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(), null, null, null, "movie", null, null, null, null, null, null, null, null);
    }
}
