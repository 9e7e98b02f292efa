package io.cinemix.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cinemix.domain.MovieDetails;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The wire form of a title's details: every key always present, unknown values as {@code null}. */
@Serdeable
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
@JsonInclude(JsonInclude.Include.ALWAYS)
record MovieDetailsResponse(
        @JsonProperty("imdb_id") String imdbId,
        String title,
        @Nullable String year,
        @Nullable String rated,
        @Nullable String released,
        @Nullable String runtime,
        @Nullable String genre,
        @Nullable String director,
        @Nullable String writer,
        @Nullable String actors,
        @Nullable String plot,
        @Nullable String language,
        @Nullable String country,
        @Nullable String awards,
        @Nullable String poster,
        List<RatingResponse> ratings,
        @Nullable Integer metascore,
        @Nullable @JsonProperty("imdb_rating") Double imdbRating,
        @Nullable @JsonProperty("imdb_votes") Long imdbVotes,
        @Nullable String type,
        @Nullable String dvd,
        @Nullable @JsonProperty("box_office") String boxOffice,
        @Nullable String production,
        @Nullable String website,
        @Nullable @JsonProperty("total_seasons") Integer totalSeasons,
        @Nullable Integer season,
        @Nullable Integer episode,
        @Nullable @JsonProperty("series_id") String seriesId) {

    @Serdeable
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
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
