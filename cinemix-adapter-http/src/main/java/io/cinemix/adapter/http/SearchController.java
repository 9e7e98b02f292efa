package io.cinemix.adapter.http;

import io.cinemix.core.port.MovieLookup;
import io.cinemix.core.port.SearchLookup;
import io.cinemix.core.port.CacheStatus;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.port.MovieSearch;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.InvalidInputException;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.MovieNotFoundException;
import io.cinemix.domain.Plot;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.inject.Named;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The two routes of the contract. Parses parameters into domain values, calls {@link MovieSearch}, maps back.
 *
 * <p>Nothing that may block runs on the event loop: a search is parsed there and runs on the blocking pool; a details
 * lookup starts on the event loop and is answered there: at once when the service holds a fresh copy in memory,
 * otherwise as a task on the connection's event loop ({@link ConnectionLoop}) when the service's own blocking work, a
 * Redis reply, or the same lookup already under way completes it. A pool that refuses the work
 * (shutting down) fails the answer with its {@link java.util.concurrent.RejectedExecutionException}, which the error
 * mapping answers 503: with {@code @ExecuteOn}, Micronaut would answer 500, as it also runs the error handling on the
 * refusing pool.
 *
 * <p>The error answers documented on the class are every operation's (micronaut-openapi adds them to each); an
 * operation documents its own successes and 404.
 */
@ApiResponse(responseCode = "400", description = ApiDoc.BAD_REQUEST, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)),
        headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string"))})
@ApiResponse(responseCode = "406", description = ApiDoc.NOT_ACCEPTABLE, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)),
        headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string"))})
@ApiResponse(responseCode = "408", description = ApiDoc.HEAD_TIMEOUT, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "413", description = ApiDoc.TOO_LARGE, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "429", description = ApiDoc.TOO_MANY, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)),
        headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string")),
                @Header(name = "Retry-After", description = ApiDoc.RETRY_AFTER, required = true, schema = @Schema(type = "integer"))})
@ApiResponse(responseCode = "500", description = ApiDoc.UNEXPECTED, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)),
        headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string"))})
@ApiResponse(responseCode = "502", description = ApiDoc.BAD_GATEWAY, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)),
        headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string"))})
@ApiResponse(responseCode = "503", description = ApiDoc.UNAVAILABLE, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)),
        headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string")),
                @Header(name = "Retry-After", description = ApiDoc.RETRY_AFTER, required = true, schema = @Schema(type = "integer"))})
@ApiResponse(responseCode = "504", description = ApiDoc.TIMEOUT, content = @Content(mediaType = "application/json",
        schema = @Schema(implementation = ErrorBody.class)),
        headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string"))})
@Controller("/api/v1/search")
final class SearchController {
    private static final int MAX_MEMOISED_BODIES = 1_000;
    /** Micronaut's, qualified: {@link MediaType} here is the domain's (movie, series, episode). */
    private static final io.micronaut.http.MediaType JSON = io.micronaut.http.MediaType.APPLICATION_JSON_TYPE;

    private final MovieSearch movies;
    private final JsonMapper json;
    private final AnswerBodies<DetailsKey, MovieDetails> bodies;
    private final AnswerBodies<SearchQuery, SearchPage> searchBodies;
    private final ExecutorService blocking;

    SearchController(MovieSearch movies, JsonMapper json, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.movies = movies;
        this.json = json;
        this.bodies = new AnswerBodies<>(json, MAX_MEMOISED_BODIES, (key, movie) -> MovieDetailsResponse.from(movie));
        this.searchBodies = new AnswerBodies<>(json, MAX_MEMOISED_BODIES,
                (query, page) -> SearchResponse.from(query.text(), page));
        this.blocking = blocking;
    }

    /** {@code GET /api/v1/search/?query=<text>[&page=N][&type=movie|series|episode][&year=YYYY]}. */
    @Operation(summary = "Search titles", description = "Cached for SEARCH_CACHE_TTL when it is set (default 0: not"
            + " cached, Cache-Control: no-store, Cache-Status: cinemix; fwd=bypass). No match: results [] and totals 0.",
            parameters = {
        @Parameter(name = "query", in = ParameterIn.QUERY, description = "The title to search for, trimmed; give this"
                + " or title, not both", schema = @Schema(implementation = String.class, minLength = 1, maxLength = 200)),
        @Parameter(name = "title", in = ParameterIn.QUERY, description = "Same as query",
                schema = @Schema(implementation = String.class, minLength = 1, maxLength = 200)),
        @Parameter(name = "page", in = ParameterIn.QUERY,
                schema = @Schema(implementation = Integer.class, minimum = "1", maximum = "100", defaultValue = "1")),
        @Parameter(name = "type", in = ParameterIn.QUERY,
                schema = @Schema(implementation = String.class, allowableValues = {"movie", "series", "episode"})),
        @Parameter(name = "year", in = ParameterIn.QUERY, description = "YYYY",
                schema = @Schema(implementation = Integer.class, minimum = "1000", maximum = "9999"))})
    @ApiResponse(responseCode = "200", description = "A page of results", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = SearchResponse.class)),
            headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(implementation = String.class)),
                    @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Status", description = ApiDoc.SEARCH_CACHE_STATUS, required = true, schema = @Schema(type = "string")),
                    @Header(name = "ETag", description = ApiDoc.SEARCH_ETAG, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", description = ApiDoc.SEARCH_CACHE_CONTROL, required = true, schema = @Schema(type = "string")),
                    @Header(name = "Age", description = ApiDoc.SEARCH_AGE, schema = @Schema(type = "integer"))})
    @ApiResponse(responseCode = "304", description = ApiDoc.NOT_MODIFIED,
            headers = {@Header(name = "ETag", description = ApiDoc.SEARCH_ETAG, required = true, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", description = ApiDoc.SEARCH_CACHE_CONTROL, schema = @Schema(type = "string")),
                    @Header(name = "Age", description = ApiDoc.SEARCH_AGE, schema = @Schema(type = "integer"))})
    @Get
    CompletableFuture<HttpResponse<byte[]>> search(HttpRequest<?> request) {
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
        CompletableFuture<HttpResponse<byte[]>> answer = new CompletableFuture<>();
        try {
            blocking.execute(() -> {
                try {
                    answer.complete(searchAnswer(search, movies.search(search, RateLimitFilter.requester(request)), request));
                } catch (Throwable e) {
                    answer.completeExceptionally(e); // the service's own exception, for the one error mapping
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /**
     * A search answer: while searches are not cached, {@code Cache-Control: no-store} and {@code Cache-Status:
     * cinemix; fwd=bypass}; cached, the same headers and {@code 304} as a details answer.
     */
    private MutableHttpResponse<byte[]> searchAnswer(SearchQuery query, SearchLookup lookup, HttpRequest<?> request)
            throws IOException {
        if (lookup.cacheStatus() == CacheStatus.BYPASS) {
            byte[] page = json.writeValueAsBytes(SearchResponse.from(query.text(), lookup.page()));
            return AnswerCacheStatus.carry(
                    HttpResponse.ok(page).contentType(JSON).header("Cache-Control", HttpCaching.NO_STORE),
                    lookup.cacheStatus());
        }
        AnswerBodies.Body body = searchBodies.of(query, lookup.page());
        MutableHttpResponse<byte[]> response = answer(body, request);
        return AnswerCacheStatus.carry(
                HttpCaching.headers(response, body.etag(), lookup.cacheStatus(), lookup.freshness()),
                lookup.cacheStatus());
    }

    /** {@code GET /api/v1/search/id/?id=tt0372784[&plot=short|full]}. */
    @Operation(summary = "A title's details by IMDb id (query form)", parameters = {
        @Parameter(name = "id", in = ParameterIn.QUERY, required = true, description = ApiDoc.ID,
                schema = @Schema(implementation = String.class, pattern = ApiDoc.IMDB_ID)),
        @Parameter(name = "plot", in = ParameterIn.QUERY, schema = @Schema(implementation = String.class,
                allowableValues = {"short", "full"},
                defaultValue = "short"))})
    @ApiResponse(responseCode = "200", description = "The title's details", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = MovieDetailsResponse.class)),
            headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                    @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Status", description = ApiDoc.CACHE_STATUS, required = true, schema = @Schema(type = "string")),
                    @Header(name = "ETag", description = ApiDoc.ETAG, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", description = ApiDoc.CACHE_CONTROL, schema = @Schema(type = "string", pattern = ApiDoc.CACHE_CONTROL_PATTERN)),
                    @Header(name = "Age", description = ApiDoc.AGE, schema = @Schema(type = "integer"))})
    @ApiResponse(responseCode = "304", description = ApiDoc.NOT_MODIFIED,
            headers = {@Header(name = "ETag", description = ApiDoc.ETAG, required = true, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", description = ApiDoc.CACHE_CONTROL, schema = @Schema(type = "string", pattern = ApiDoc.CACHE_CONTROL_PATTERN)),
                    @Header(name = "Age", description = ApiDoc.AGE, schema = @Schema(type = "integer"))})
    @ApiResponse(responseCode = "404", description = ApiDoc.NOT_FOUND, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ErrorBody.class)),
            headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                    @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", description = ApiDoc.NOT_FOUND_CACHE_CONTROL, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Status", description = ApiDoc.NOT_FOUND_CACHE_STATUS, schema = @Schema(type = "string"))})
    @Get("/id")
    CompletableFuture<HttpResponse<?>> byIdParameter(HttpRequest<?> request) {
        QueryParameters parameters = QueryParameters.of(request);
        return details(parameters.single("id").orElse(null), parameters, request);
    }

    /** {@code GET /api/v1/search/id/tt0372784[?plot=short|full]}. */
    @Operation(summary = "A title's details by IMDb id (path form)", parameters = {
        @Parameter(name = "plot", in = ParameterIn.QUERY, schema = @Schema(implementation = String.class,
                allowableValues = {"short", "full"},
                defaultValue = "short"))})
    @ApiResponse(responseCode = "200", description = "The title's details", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = MovieDetailsResponse.class)),
            headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                    @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Status", description = ApiDoc.CACHE_STATUS, required = true, schema = @Schema(type = "string")),
                    @Header(name = "ETag", description = ApiDoc.ETAG, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", description = ApiDoc.CACHE_CONTROL, schema = @Schema(type = "string", pattern = ApiDoc.CACHE_CONTROL_PATTERN)),
                    @Header(name = "Age", description = ApiDoc.AGE, schema = @Schema(type = "integer"))})
    @ApiResponse(responseCode = "304", description = ApiDoc.NOT_MODIFIED,
            headers = {@Header(name = "ETag", description = ApiDoc.ETAG, required = true, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", description = ApiDoc.CACHE_CONTROL, schema = @Schema(type = "string", pattern = ApiDoc.CACHE_CONTROL_PATTERN)),
                    @Header(name = "Age", description = ApiDoc.AGE, schema = @Schema(type = "integer"))})
    @ApiResponse(responseCode = "404", description = ApiDoc.NOT_FOUND, content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ErrorBody.class)),
            headers = {@Header(name = "RateLimit", description = ApiDoc.RATE_LIMIT, schema = @Schema(type = "string")),
                    @Header(name = "RateLimit-Policy", description = ApiDoc.RATE_LIMIT_POLICY, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Control", description = ApiDoc.NOT_FOUND_CACHE_CONTROL, schema = @Schema(type = "string")),
                    @Header(name = "Cache-Status", description = ApiDoc.NOT_FOUND_CACHE_STATUS, schema = @Schema(type = "string"))})
    @Get("/id/{id}")
    CompletableFuture<HttpResponse<?>> byIdPath(@Parameter(description = ApiDoc.ID,
            schema = @Schema(implementation = String.class, pattern = ApiDoc.IMDB_ID)) @PathVariable String id, HttpRequest<?> request) {
        return details(id, QueryParameters.of(request), request);
    }

    /**
     * A details answer with its cache headers ({@link HttpCaching}); {@code 304 Not Modified} without a body when the
     * request's {@code If-None-Match} matches its {@code ETag}. {@code HEAD} takes this route too (Micronaut's
     * {@code @Get} also answers {@code HEAD}), and Netty drops the body.
     */
    private CompletableFuture<HttpResponse<?>> details(String idText, QueryParameters parameters,
                                                       HttpRequest<?> request) {
        ImdbId id = ImdbId.of(idText);
        Plot plot = parameters.single("plot").map(Plot::parse).orElse(Plot.SHORT);
        CompletableFuture<HttpResponse<?>> answer = new CompletableFuture<>();
        // Answered on the connection's event loop, whichever thread completed the lookup (Lettuce's, the lookups pool).
        movies.lookUpAsync(id, plot, RateLimitFilter.requester(request)).whenCompleteAsync((found, failure) -> {
            try {
                if (failure != null) {
                    answer.completeExceptionally(failure); // the service's own exception, for the one error mapping
                } else if (found.movie().isEmpty()) {
                    // How long the lookup found the id remembered as unknown (the 404's Cache-Control), and whether it
                    // answered from that memory (Cache-Status, cache=hit) or asked the upstream.
                    answer.complete(AnswerCacheStatus.carry(
                            ErrorMapping.notFound(new MovieNotFoundException(id, found.notFoundFor())),
                            found.cacheStatus()));
                } else {
                    MovieLookup lookup = found.movie().get();
                    AnswerBodies.Body body = bodies.of(new DetailsKey(id, plot), lookup.movie());
                    MutableHttpResponse<byte[]> response = answer(body, request);
                    answer.complete(AnswerCacheStatus.carry(
                            HttpCaching.headers(response, body.etag(), lookup.cacheStatus(), lookup.freshness()),
                            lookup.cacheStatus()));
                }
            } catch (Throwable e) {
                answer.completeExceptionally(e); // never leave the request unanswered
            }
        }, ConnectionLoop.of(request));
        return answer;
    }

    /**
     * A memoised body's answer: {@code 304} when {@code If-None-Match} matches its tag, else {@code 200} with the JSON,
     * gzipped once per body ({@link ContentCoding}) for a request that prefers it. The same {@code ETag} either way.
     * An answer that could be gzipped says {@code Vary: Accept-Encoding}, its {@code 304} too. Netty's own compression
     * is off ({@link NoNettyCompression}): what is sent here is sent as is.
     */
    private static MutableHttpResponse<byte[]> answer(AnswerBodies.Body body, HttpRequest<?> request) {
        MutableHttpResponse<byte[]> response;
        if (HttpCaching.noneMatchFails(request.getHeaders().get("If-None-Match"), body.etag())) {
            response = HttpResponse.notModified();
        } else if (body.compressible() && ContentCoding.prefersGzip(request.getHeaders().getAll("Accept-Encoding"))) {
            response = HttpResponse.ok(body.gzipped()).contentType(JSON).header("Content-Encoding", "gzip");
        } else {
            response = HttpResponse.ok(body.json()).contentType(JSON);
        }
        return body.compressible() ? response.header("Vary", "Accept-Encoding") : response;
    }

    /** How many details and search bodies have been gzipped (once each). For tests. */
    long gzipCompressions() {
        return bodies.compressions() + searchBodies.compressions();
    }
}
