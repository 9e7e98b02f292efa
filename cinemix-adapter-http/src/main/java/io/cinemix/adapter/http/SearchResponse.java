package io.cinemix.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.SearchPage;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The wire form of a search page. Every key is always present. */
@Serdeable
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
@JsonInclude(JsonInclude.Include.ALWAYS)
record SearchResponse(
        String query,
        int page,
        @JsonProperty("total_results") long totalResults,
        @JsonProperty("total_pages") int totalPages,
        List<Result> results) {

    @Serdeable
    @Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Result(@JsonProperty("imdb_id") String imdbId, String title, String year, String type,
                  @Nullable String poster) {
        static Result from(MovieSummary summary) {
            return new Result(summary.imdbId().value(), summary.title(), summary.year(), summary.type(),
                    summary.poster().orElse(null));
        }
    }

    static SearchResponse from(String query, SearchPage page) {
        return new SearchResponse(query, page.page(), page.totalResults(), page.totalPages(),
                page.results().stream().map(Result::from).toList());
    }
}
