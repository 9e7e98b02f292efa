package io.cinemix.domain;

import java.util.List;
import java.util.Objects;

/**
 * Everything known about one title. Only {@code imdbId} and {@code title} are always there; every other component is
 * {@code null} when the source has no value for it (OMDb's "N/A"), and {@code ratings} is empty rather than null.
 * Numbers are typed; {@code year} stays a string ("1991–1993"). Series carry {@code totalSeasons}; episodes carry
 * {@code season}, {@code episode} and {@code seriesId}.
 */
public record MovieDetails(
        ImdbId imdbId,
        String title,
        String year,
        String rated,
        String released,
        String runtime,
        String genre,
        String director,
        String writer,
        String actors,
        String plot,
        String language,
        String country,
        String awards,
        String poster,
        List<Rating> ratings,
        Integer metascore,
        Double imdbRating,
        Long imdbVotes,
        String type,
        String dvd,
        String boxOffice,
        String production,
        String website,
        Integer totalSeasons,
        Integer season,
        Integer episode,
        ImdbId seriesId) {

    public MovieDetails {
        Objects.requireNonNull(imdbId, "imdbId");
        Objects.requireNonNull(title, "title");
        ratings = ratings == null ? List.of() : List.copyOf(ratings);
    }
}
