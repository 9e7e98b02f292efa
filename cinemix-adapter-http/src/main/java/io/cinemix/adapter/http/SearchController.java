package io.cinemix.adapter.http;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.InvalidInputException;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.MovieNotFoundException;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import io.cinemix.ports.MovieLookup;
import io.cinemix.ports.MovieSearch;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The two routes of the contract. Parses parameters into domain values, calls {@link MovieSearch}, maps back.
 *
 * <p>Nothing that may block runs on the event loop: a search runs on the blocking pool; a details lookup starts on the
 * event loop and is answered there when the service holds a fresh copy in memory, otherwise when the service's own
 * blocking work (or the same lookup already under way) completes it.
 */
@Controller("/api/v1/search")
final class SearchController {
    private static final int MAX_MEMOISED_BODIES = 1_000;
    /** Micronaut's, qualified: {@link MediaType} here is the domain's (movie, series, episode). */
    private static final io.micronaut.http.MediaType JSON = io.micronaut.http.MediaType.APPLICATION_JSON_TYPE;

    private final MovieSearch movies;
    private final DetailsBodies bodies;

    SearchController(MovieSearch movies, JsonMapper json) {
        this.movies = movies;
        this.bodies = new DetailsBodies(json, MAX_MEMOISED_BODIES);
    }

    /** {@code GET /api/v1/search/?query=<text>[&page=N][&type=movie|series|episode][&year=YYYY]}. */
    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    SearchResponse search(HttpRequest<?> request) {
        QueryParameters parameters = QueryParameters.of(request);
        Optional<String> query = parameters.single("query");
        Optional<String> title = parameters.single("title");
        if (query.isPresent() && title.isPresent()) {
            throw new InvalidInputException("Give either 'query' or 'title', not both.");
        }
        int page = parameters.integer("page", "The page must be a whole number from 1 to 100.").orElse(1);
        Optional<MediaType> type = parameters.single("type").map(MediaType::parse);
        OptionalInt year = parameters.integer("year", "The year must have four digits, e.g. 2005.")
                .map(OptionalInt::of).orElse(OptionalInt.empty());
        SearchQuery search = new SearchQuery(query.or(() -> title).orElse(null), page, type, year);
        return SearchResponse.from(search.text(), movies.search(search));
    }

    /** {@code GET /api/v1/search/id/?id=tt0372784[&plot=short|full]}. */
    @Get("/id")
    CompletableFuture<HttpResponse<byte[]>> byIdParameter(HttpRequest<?> request) {
        QueryParameters parameters = QueryParameters.of(request);
        return details(parameters.single("id").orElse(null), parameters);
    }

    /** {@code GET /api/v1/search/id/tt0372784[?plot=short|full]}. */
    @Get("/id/{id}")
    CompletableFuture<HttpResponse<byte[]>> byIdPath(@PathVariable String id, HttpRequest<?> request) {
        return details(id, QueryParameters.of(request));
    }

    private CompletableFuture<HttpResponse<byte[]>> details(String idText, QueryParameters parameters) {
        ImdbId id = ImdbId.of(idText);
        Plot plot = parameters.single("plot").map(Plot::parse).orElse(Plot.SHORT);
        CompletableFuture<HttpResponse<byte[]>> answer = new CompletableFuture<>();
        movies.findByIdAsync(id, plot).whenComplete((found, failure) -> {
            try {
                if (failure != null) {
                    answer.completeExceptionally(failure); // the service's own exception, for the one error mapping
                } else {
                    MovieLookup lookup = found.orElseThrow(() -> new MovieNotFoundException(id));
                    answer.complete(HttpResponse.ok(bodies.of(lookup.movie(), plot))
                            .contentType(JSON)
                            .header("Cache-Status", CacheStatusHeader.of(lookup.cacheStatus())));
                }
            } catch (Throwable e) {
                answer.completeExceptionally(e); // never leave the request unanswered
            }
        });
        return answer;
    }
}
