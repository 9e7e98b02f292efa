package io.cinemix.domain;

import java.util.Objects;
import java.util.Optional;

/** One search result. {@code year} is kept as sent ("2005", "1991–1993", "2014–"); {@code type} is open-ended. */
public record MovieSummary(ImdbId imdbId, String title, String year, String type, Optional<String> poster) {
    public MovieSummary {
        Objects.requireNonNull(imdbId, "imdbId");
        Objects.requireNonNull(title, "title");
        poster = poster == null ? Optional.empty() : poster;
    }
}
