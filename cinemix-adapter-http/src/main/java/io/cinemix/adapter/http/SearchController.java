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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import jakarta.inject.Named;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.OptionalInt;

/**
 * The two routes of the contract. Parses parameters into domain values, calls {@link MovieSearch}, maps back.
 *
 * <p>Nothing that may block runs on the event loop: a search always goes to the blocking pool; a details lookup is
 * answered on the event loop only when {@link MovieSearch#findCached} has it in memory (no I/O, no waiting), and goes
 * to the blocking pool otherwise. A hot title thus costs no thread hand-off.
 */
@Controller("/api/v1/search")
final class SearchController {
    private final MovieSearch movies;
    private final Executor blocking;

    SearchController(MovieSearch movies, @Named(TaskExecutors.IO) Executor blocking) {
        this.movies = movies;
        this.blocking = blocking;
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
    CompletableFuture<HttpResponse<MovieDetailsResponse>> byIdParameter(HttpRequest<?> request) {
        QueryParameters parameters = QueryParameters.of(request);
        return details(parameters.single("id").orElse(null), parameters);
    }

    /** {@code GET /api/v1/search/id/tt0372784[?plot=short|full]}. */
    @Get("/id/{id}")
    CompletableFuture<HttpResponse<MovieDetailsResponse>> byIdPath(@PathVariable String id, HttpRequest<?> request) {
        return details(id, QueryParameters.of(request));
    }

    private CompletableFuture<HttpResponse<MovieDetailsResponse>> details(String idText, QueryParameters parameters) {
        ImdbId id = ImdbId.of(idText);
        Plot plot = parameters.single("plot").map(Plot::parse).orElse(Plot.SHORT);
        Optional<MovieLookup> inMemory = movies.findCached(id, plot);
        if (inMemory.isPresent()) {
            return CompletableFuture.completedFuture(found(inMemory.get()));
        }
        CompletableFuture<HttpResponse<MovieDetailsResponse>> answer = new CompletableFuture<>();
        blocking.execute(() -> {
            try {
                answer.complete(found(movies.findById(id, plot).orElseThrow(() -> new MovieNotFoundException(id))));
            } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e); // unwrapped, for the one error mapping
            }
        });
        return answer;
    }

    private static HttpResponse<MovieDetailsResponse> found(MovieLookup lookup) {
        return HttpResponse.ok(MovieDetailsResponse.from(lookup.movie()))
                .header("Cache-Status", CacheStatusHeader.of(lookup.cacheStatus()));
    }
}
