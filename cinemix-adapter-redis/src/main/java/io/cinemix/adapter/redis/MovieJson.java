package io.cinemix.adapter.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Rating;

import java.util.List;

/**
 * The cached value: the MovieDetails JSON exactly as the HTTP API returns it (snake_case, every key present, absent
 * values as {@code null}, {@code ratings} always a list), so that other services reading Redis see the public shape.
 * The component order is the key order on the wire.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record MovieJson(
        String imdbId,
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
        List<RatingJson> ratings,
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
        String seriesId) {

    record RatingJson(String source, String value) {
    }

    static MovieJson from(MovieDetails m) {
        return new MovieJson(m.imdbId().value(), m.title(), m.year(), m.rated(), m.released(), m.runtime(), m.genre(),
                m.director(), m.writer(), m.actors(), m.plot(), m.language(), m.country(), m.awards(), m.poster(),
                m.ratings().stream().map(r -> new RatingJson(r.source(), r.value())).toList(),
                m.metascore(), m.imdbRating(), m.imdbVotes(), m.type(), m.dvd(), m.boxOffice(), m.production(),
                m.website(), m.totalSeasons(), m.season(), m.episode(),
                m.seriesId() == null ? null : m.seriesId().value());
    }

    /** The domain record; throws (invalid id, missing title, null rating parts) when the JSON is not a movie. */
    MovieDetails toDomain() {
        return new MovieDetails(ImdbId.of(imdbId), title, year, rated, released, runtime, genre, director, writer,
                actors, plot, language, country, awards, poster,
                ratings == null ? List.of() : ratings.stream().map(r -> new Rating(r.source(), r.value())).toList(),
                metascore, imdbRating, imdbVotes, type, dvd, boxOffice, production, website, totalSeasons, season,
                episode, seriesId == null ? null : ImdbId.of(seriesId));
    }
}
