package io.cinemix.adapter.omdb;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.InvalidInputException;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.Rating;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OMDb's JSON as it arrives (every value a string, every field optional, unknown keys ignored) and its mapping to the
 * domain: {@code "N/A"} becomes absent, numbers are parsed leniently (an unparsable number is absent too), {@code Year}
 * and {@code Type} stay strings as sent.
 */
final class OmdbWire {
    static final String NOT_AVAILABLE = "N/A";

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OmdbWire() {
    }

    /** The answer to {@code ?s=}: a page of items, or {@code Response:"False"} with an {@code Error}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchResponse(
            @JsonProperty("Search") List<SearchItem> search,
            @JsonProperty("totalResults") String totalResults,
            @JsonProperty("Response") String response,
            @JsonProperty("Error") String error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record SearchItem(
            @JsonProperty("Title") String title,
            @JsonProperty("Year") String year,
            @JsonProperty("imdbID") String imdbId,
            @JsonProperty("Type") String type,
            @JsonProperty("Poster") String poster) {
    }

    /** The answer to {@code ?i=}: a movie, series or episode, or {@code Response:"False"} with an {@code Error}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Title(
            @JsonProperty("Title") String title,
            @JsonProperty("Year") String year,
            @JsonProperty("Rated") String rated,
            @JsonProperty("Released") String released,
            @JsonProperty("Season") String season,
            @JsonProperty("Episode") String episode,
            @JsonProperty("Runtime") String runtime,
            @JsonProperty("Genre") String genre,
            @JsonProperty("Director") String director,
            @JsonProperty("Writer") String writer,
            @JsonProperty("Actors") String actors,
            @JsonProperty("Plot") String plot,
            @JsonProperty("Language") String language,
            @JsonProperty("Country") String country,
            @JsonProperty("Awards") String awards,
            @JsonProperty("Poster") String poster,
            @JsonProperty("Ratings") List<WireRating> ratings,
            @JsonProperty("Metascore") String metascore,
            @JsonProperty("imdbRating") String imdbRating,
            @JsonProperty("imdbVotes") String imdbVotes,
            @JsonProperty("imdbID") String imdbId,
            @JsonProperty("seriesID") String seriesId,
            @JsonProperty("Type") String type,
            @JsonProperty("totalSeasons") String totalSeasons,
            @JsonProperty("DVD") String dvd,
            @JsonProperty("BoxOffice") String boxOffice,
            @JsonProperty("Production") String production,
            @JsonProperty("Website") String website,
            @JsonProperty("Response") String response,
            @JsonProperty("Error") String error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record WireRating(@JsonProperty("Source") String source, @JsonProperty("Value") String value) {
    }

    /** The domain view of a title; empty when OMDb sent no usable {@code imdbID} or no {@code Title}. */
    static Optional<MovieDetails> toDomain(Title t) {
        ImdbId id = imdbId(t.imdbId());
        String title = text(t.title());
        if (id == null || title == null) {
            return Optional.empty();
        }
        List<Rating> ratings = t.ratings() == null ? List.of() : t.ratings().stream()
                .filter(Objects::nonNull)
                .filter(r -> text(r.source()) != null && text(r.value()) != null)
                .map(r -> new Rating(r.source(), r.value()))
                .toList();
        return Optional.of(new MovieDetails(id, title, text(t.year()), text(t.rated()), text(t.released()),
                text(t.runtime()), text(t.genre()), text(t.director()), text(t.writer()), text(t.actors()),
                text(t.plot()), text(t.language()), text(t.country()), text(t.awards()), text(t.poster()), ratings,
                integer(t.metascore()), decimal(t.imdbRating()), count(t.imdbVotes()), text(t.type()), text(t.dvd()),
                text(t.boxOffice()), text(t.production()), text(t.website()), integer(t.totalSeasons()),
                integer(t.season()), integer(t.episode()), imdbId(t.seriesId())));
    }

    /** The domain view of a search item; empty when OMDb sent no usable {@code imdbID} or no {@code Title}. */
    static Optional<MovieSummary> toDomain(SearchItem item) {
        if (item == null) {
            return Optional.empty();
        }
        ImdbId id = imdbId(item.imdbId());
        String title = text(item.title());
        if (id == null || title == null) {
            return Optional.empty();
        }
        return Optional.of(new MovieSummary(id, title, text(item.year()), text(item.type()),
                Optional.ofNullable(text(item.poster()))));
    }

    /** {@code null}, blank and {@code "N/A"} are all "no value". */
    static String text(String value) {
        if (value == null || value.isBlank() || NOT_AVAILABLE.equals(value.strip())) {
            return null;
        }
        return value;
    }

    static Integer integer(String value) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double decimal(String value) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A count as OMDb writes it: "1,632,190" or "559". */
    static Long count(String value) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        String digits = v.strip().replace(",", "");
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return Long.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ImdbId imdbId(String value) {
        String v = text(value);
        if (v == null) {
            return null;
        }
        try {
            return ImdbId.of(v);
        } catch (InvalidInputException e) {
            return null;
        }
    }
}
