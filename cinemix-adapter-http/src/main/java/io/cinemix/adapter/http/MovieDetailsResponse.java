package io.cinemix.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cinemix.domain.MovieDetails;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The wire form of a title's details: every key always present, unknown values as {@code null}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record MovieDetailsResponse(
        @JsonProperty("imdb_id") String imdbId,
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
        List<RatingResponse> ratings,
        Integer metascore,
        @JsonProperty("imdb_rating") Double imdbRating,
        @JsonProperty("imdb_votes") Long imdbVotes,
        String type,
        String dvd,
        @JsonProperty("box_office") String boxOffice,
        String production,
        String website,
        @JsonProperty("total_seasons") Integer totalSeasons,
        Integer season,
        Integer episode,
        @JsonProperty("series_id") String seriesId) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RatingResponse(String source, String value) {
    }

    static MovieDetailsResponse from(MovieDetails d) {
        return new MovieDetailsResponse(d.imdbId().value(), d.title(), d.year(), d.rated(), d.released(), d.runtime(),
                d.genre(), d.director(), d.writer(), d.actors(), d.plot(), d.language(), d.country(), d.awards(),
                d.poster(), d.ratings().stream().map(r -> new RatingResponse(r.source(), r.value())).toList(),
                d.metascore(), d.imdbRating(), d.imdbVotes(), d.type(), d.dvd(), d.boxOffice(), d.production(),
                d.website(), d.totalSeasons(), d.season(), d.episode(),
                d.seriesId() == null ? null : d.seriesId().value());
    }

}
