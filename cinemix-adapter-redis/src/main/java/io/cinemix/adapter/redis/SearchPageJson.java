package io.cinemix.adapter.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.SearchPage;

import java.util.List;
import java.util.Optional;

/**
 * A cached search page: the HTTP API's search shape without its {@code query} (snake_case, {@code poster} {@code null}
 * when absent), so that other services reading Redis see the public field names.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record SearchPageJson(int page, long totalResults, List<ResultJson> results) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ResultJson(String imdbId, String title, String year, String type, String poster) {
    }

    static SearchPageJson from(SearchPage page) {
        return new SearchPageJson(page.page(), page.totalResults(), page.results().stream()
                .map(m -> new ResultJson(m.imdbId().value(), m.title(), m.year(), m.type(), m.poster().orElse(null)))
                .toList());
    }

    SearchPage toDomain() {
        return new SearchPage(results.stream()
                .map(r -> new MovieSummary(ImdbId.of(r.imdbId()), r.title(), r.year(), r.type(),
                        Optional.ofNullable(r.poster())))
                .toList(), totalResults, page);
    }
}
