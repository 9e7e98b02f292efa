package io.cinemix.app;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.OmdbStub;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the app serves at {@code /openapi.yml} (generated from the HTTP adapter's annotations) against
 * what the app answers: every answer of a broad request set, OMDb stubbed, must validate (status documented, body
 * matching its schema with no undocumented key, documented headers present and well-formed). Paths are matched as
 * written, trailing slash included, as a validating proxy (Stoplight Prism) matches them.
 */
class OpenApiContractTest {
    private static final String KEY = "contract-test-key";
    private static OmdbStub omdb;
    private static RunningApp app;
    private static Http http;
    /** A request URL of the README's examples: {@code curl -s 'http://localhost:8000/api/...'}. */
    private static final Pattern README_URL = Pattern.compile("curl [^']*'http://localhost:8000(/api/[^']*)'");
    private static final LevelResolver STRICT = LevelResolver.create()
            .withLevel("validation.response.body.schema.additionalProperties", ValidationReport.Level.ERROR).build();
    private static OpenApiInteractionValidator validator;
    private static OpenApiInteractionValidator methodNotAllowedValidator;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "omdb-timeout", "1",
                "max-threshold", "100000", "request-head-timeout", "1");
        http = app.http();
        Http.Response spec = http.get("/openapi.yml");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.header("ratelimit")).as("/openapi.yml is not rate-limited").isNull();
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec.body())
                .withStrictOperationPathMatching().withLevelResolver(STRICT).build();
        methodNotAllowedValidator = OpenApiInteractionValidator
                .createFor(withPostAnsweredByMethodNotAllowed(spec.body())).withStrictOperationPathMatching()
                .withLevelResolver(STRICT).build();
    }

    @AfterAll
    static void stop() {
        app.close();
        omdb.close();
    }

    @Test
    void everyAnswerOfTheApiMatchesTheServedSpec() {
        List<String> problems = new ArrayList<>();
        String[][] requests = {
                // path and query, documented operation path, expected status
                {"/api/v1/search/?query=batman", "/api/v1/search/", "200"},
                {"/api/v1/search?title=batman&page=1&type=movie&year=2005", "/api/v1/search/", "200"},
                {"/api/v1/search/?query=zzzz", "/api/v1/search/", "200"},
                {"/api/v1/search/?query=a", "/api/v1/search/", "400"},
                {"/api/v1/search/?query=batman&page=101", "/api/v1/search/", "400"},
                {"/api/v1/search/?query=batman&page=x", "/api/v1/search/", "400"},
                {"/api/v1/search/", "/api/v1/search/", "400"},
                {"/api/v1/search/id/?id=tt0372784", "/api/v1/search/id/", "200"},
                {"/api/v1/search/id/?id=TT0372784&plot=full", "/api/v1/search/id/", "200"},
                {"/api/v1/search/id/tt0372784", "/api/v1/search/id/tt0372784", "200"},
                {"/api/v1/search/id/" + OmdbStub.UNKNOWN_ID, "/api/v1/search/id/" + OmdbStub.UNKNOWN_ID, "404"},
                {"/api/v1/search/id/?id=nope", "/api/v1/search/id/", "400"},
                {"/api/v1/search/id/tt0372784?plot=long", "/api/v1/search/id/tt0372784", "400"},
                {"/api/v1/search/id/" + OmdbStub.SERVER_ERROR_ID, "/api/v1/search/id/" + OmdbStub.SERVER_ERROR_ID,
                        "502"},
                {"/api/v1/search/id/" + OmdbStub.HANGING_ID, "/api/v1/search/id/" + OmdbStub.HANGING_ID, "504"},
                {"/api/v1/search/id/" + OmdbStub.LIMIT_REACHED_ID, "/api/v1/search/id/" + OmdbStub.LIMIT_REACHED_ID,
                        "503"},
                {"/health", "/health", "200"},
                {"/health/live", "/health/live", "200"},
                {"/health/ready", "/health/ready", "200"},
        };
        for (String[] r : requests) {
            Http.Response answer = http.get(r[0]);
            assertThat(answer.status()).as(r[0]).isEqualTo(Integer.parseInt(r[2]));
            problems.addAll(problems(r[0], r[1], answer));
        }
        String etag = http.get("/api/v1/search/id/tt0372784").header("ETag");
        Http.Response notModified = http.get("/api/v1/search/id/tt0372784", "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        problems.addAll(problems("If-None-Match", "/api/v1/search/id/tt0372784", notModified));
        Http.Response notAcceptable = http.get("/api/v1/search/?query=batman", "Accept", "text/html");
        assertThat(notAcceptable.status()).isEqualTo(406);
        problems.addAll(problems("Accept: text/html", "/api/v1/search/", notAcceptable));

        assertThat(problems).isEmpty();
    }

    /**
     * A validating proxy (Stoplight Prism) given the README's URLs finds each one's operation: paths are matched as
     * written, trailing slash included, so the document must spell the routes as the README does.
     */
    @Test
    void everyApiUrlOfTheReadmeIsADocumentedOperation() throws Exception {
        List<String> urls = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8).lines()
                .map(README_URL::matcher).filter(Matcher::find).map(m -> m.group(1)).toList();
        assertThat(urls).contains("/api/v1/search/?query=batman", "/api/v1/search/id/?id=tt0372784&plot=full",
                "/api/v1/search/id/tt0372784");

        for (String url : urls) {
            assertThat(unroutable(url)).as(url).isEmpty();
        }
    }

    @Test
    void theTooManyRequestsAnswerMatchesTheSpec() {
        try (RunningApp limited = RunningApp.start("max-threshold", "1")) {
            assertThat(limited.http().get("/api/v1/search/?query=batman").status()).isEqualTo(200);
            Http.Response rejected = limited.http().get("/api/v1/search/id/tt0372784");

            assertThat(rejected.status()).isEqualTo(429);
            assertThat(problems("429", "/api/v1/search/id/tt0372784", rejected)).isEmpty();
        }
    }

    @Test
    void answersCarryingAClientsShareAndTheSharesTooManyRequestsMatchTheSpec() {
        try (RunningApp shared = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                "omdb-client-share", "1", "max-threshold", "1000")) {
            Http.Response charged = shared.http().get("/api/v1/search/?query=batman");
            Http.Response refused = shared.http().get("/api/v1/search/id/tt0372784");

            assertThat(charged.header("RateLimit")).contains("\"omdb\";r=0");
            assertThat(problems("200", "/api/v1/search/", charged)).isEmpty();
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("RateLimit-Policy")).contains("\"omdb\";q=1;w=86400");
            assertThat(problems("429", "/api/v1/search/id/tt0372784", refused)).isEmpty();
        }
    }

    @Test
    void searchAnswersFromTheSearchCacheMatchTheSpec() {
        try (RunningApp cached = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                "max-threshold", "100000", "search-cache-ttl", "600")) {
            Http.Response miss = cached.http().get("/api/v1/search/?query=batman");
            Http.Response hit = cached.http().get("/api/v1/search/?query=batman");
            Http.Response notModified = cached.http().get("/api/v1/search/?query=batman", "If-None-Match",
                    hit.header("ETag"));

            assertThat(miss.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
            assertThat(hit.header("Cache-Status")).isEqualTo("cinemix; hit");
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(problems("search miss", "/api/v1/search/", miss)).isEmpty();
            assertThat(problems("search hit", "/api/v1/search/", hit)).isEmpty();
            assertThat(problems("search 304", "/api/v1/search/", notModified)).isEmpty();
        }
    }

    /**
     * With CACHE_STALE_WHILE_REVALIDATE set, a fresh details answer offers the window and one past CACHE_TTL (1 s here,
     * in process) is served stale while it is refreshed: both, and a 304 of the stale one, as the spec says.
     */
    @Test
    void detailsAnswersWithAStaleWhileRevalidateWindowMatchTheSpec() throws InterruptedException {
        try (RunningApp revalidating = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                "max-threshold", "100000", "cache-ttl", "1", "cache-stale-while-revalidate", "600")) {
            Http.Response stored = revalidating.http().get("/api/v1/search/id/tt0372784");
            Http.Response stale = stored;
            for (long deadline = System.nanoTime() + 5_000_000_000L; !stale.header("Cache-Status").contains("stale")
                    && System.nanoTime() < deadline; ) {
                Thread.sleep(50);
                stale = revalidating.http().get("/api/v1/search/id/tt0372784");
            }
            Http.Response notModified = revalidating.http().get("/api/v1/search/id/tt0372784", "If-None-Match",
                    stale.header("ETag"));

            assertThat(stored.header("Cache-Control")).isEqualTo("public, max-age=1, stale-while-revalidate=600");
            assertThat(stale.header("Cache-Status")).isEqualTo("cinemix; hit; detail=stale");
            assertThat(stale.header("Cache-Control")).matches("public, max-age=0, stale-while-revalidate=(599|600)");
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(problems("stored", "/api/v1/search/id/tt0372784", stored)).isEmpty();
            assertThat(problems("stale", "/api/v1/search/id/tt0372784", stale)).isEmpty();
            assertThat(problems("304", "/api/v1/search/id/tt0372784", notModified)).isEmpty();
        }
    }

    @Test
    void theAnswersSentBeforeRoutingMatchTheSpec() {
        Http.Response headTooSlow = http.verbatim("GET /api/v1/search/?query=batman HTTP/1.1\r\nHost: localhost\r\n");
        Http.Response lineTooLong = http.raw("GET /api/v1/search/?query=" + "a".repeat(4_100) + " HTTP/1.1");
        Http.Response headersTooLarge = http.raw("GET /api/v1/search/id/tt0372784 HTTP/1.1",
                "X-Padding: " + "a".repeat(9_000));

        assertThat(headTooSlow.status()).isEqualTo(408);
        assertThat(lineTooLong.status()).isEqualTo(413);
        assertThat(headersTooLarge.status()).isEqualTo(413);
        assertThat(problems("slow head", "/api/v1/search/", headTooSlow)).isEmpty();
        assertThat(problems("long line", "/api/v1/search/", lineTooLong)).isEmpty();
        assertThat(problems("large headers", "/api/v1/search/id/tt0372784", headersTooLarge)).isEmpty();
    }

    /**
     * A 405 belongs to no operation, so the spec documents it once as {@code components.responses.MethodNotAllowed};
     * the answers are validated against that component through a copy of the spec where POST on each path answers
     * with it (the served spec offers no POST a client generator would turn into a method).
     */
    @Test
    void aMethodOtherThanGetIsAnsweredAsTheMethodNotAllowedComponentSays() {
        for (String path : List.of("/api/v1/search/?query=batman", "/api/v1/search/id/?id=tt0372784",
                "/api/v1/search/id/tt0372784")) {
            Http.Response answer = http.send("POST", path);

            assertThat(answer.status()).as(path).isEqualTo(405);
            assertThat(answer.header("allow")).as(path).isEqualTo("HEAD,GET");
            String documented = path.substring(0, path.indexOf('?') < 0 ? path.length() : path.indexOf('?'));
            ValidationReport report = methodNotAllowedValidator.validateResponse(documented, Request.Method.POST,
                    response(answer));
            assertThat(report.getMessages()).as(path).filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .isEmpty();
        }
    }

    @Test
    void anUndocumentedKeyOrAMissingKeyFailsTheValidation() {
        Http.Response details = http.get("/api/v1/search/id/tt0372784");
        Http.Response withExtraKey = new Http.Response(200, details.headers(),
                details.body().replaceFirst("\\{", "{\"secret\":\"x\","), details.json());
        Http.Response withoutTitle = new Http.Response(200, details.headers(),
                details.body().replaceFirst("\"title\":\"[^\"]*\",", ""), details.json());
        Http.Response withoutCacheStatus = new Http.Response(200, withoutHeader(details, "cache-status"),
                details.body(), details.json());
        java.util.Map<String, String> privateHeaders = new java.util.HashMap<>(details.headers());
        privateHeaders.put("cache-control", "private, max-age=60");
        Http.Response withUndocumentedCacheControl = new Http.Response(200, privateHeaders, details.body(),
                details.json());

        assertThat(problems("valid", "/api/v1/search/id/tt0372784", details)).isEmpty();
        assertThat(problems("extra key", "/api/v1/search/id/tt0372784", withExtraKey)).isNotEmpty();
        assertThat(problems("no title", "/api/v1/search/id/tt0372784", withoutTitle)).isNotEmpty();
        assertThat(problems("no Cache-Status", "/api/v1/search/id/tt0372784", withoutCacheStatus)).isNotEmpty();
        assertThat(problems("other Cache-Control", "/api/v1/search/id/tt0372784", withUndocumentedCacheControl))
                .isNotEmpty();
    }

    @Test
    void servesTheInteractiveDocsFromTheJarWithoutACdn() {
        Http.Response docs = http.get("/docs/", "Accept", "text/html");
        Http.Response bundle = http.get("/swagger-ui/res/swagger-ui-bundle.js", "Accept", "*/*");
        Http.Response spec = http.get("/swagger/openapi.yml", "Accept", "*/*");

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/swagger-ui/res/swagger-ui-bundle.js", "/swagger/openapi.yml")
                .doesNotContainPattern("https?://").doesNotContain("unpkg", "jsdelivr", "cdnjs");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.body()).isEqualTo(http.get("/openapi.yml").body());
    }

    private static java.util.Map<String, String> withoutHeader(Http.Response response, String name) {
        java.util.Map<String, String> headers = new java.util.HashMap<>(response.headers());
        headers.remove(name);
        return headers;
    }

    /** The served spec with, on each API path, a POST whose only answer is the MethodNotAllowed component. */
    private static OpenAPI withPostAnsweredByMethodNotAllowed(String spec) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIV3Parser().readContents(spec, null, options).getOpenAPI();
        assertThat(api.getComponents().getResponses()).as("components.responses").containsKey("MethodNotAllowed");
        ApiResponse methodNotAllowed = api.getComponents().getResponses().get("MethodNotAllowed");
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.setPost(new io.swagger.v3.oas.models.Operation().responses(
                        new ApiResponses().addApiResponse("405", methodNotAllowed)));
            }
        });
        return api;
    }

    /** What the validator says about a GET of {@code url} when it finds no documented operation for its path. */
    private static List<String> unroutable(String url) {
        String path = url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?'));
        return validator.validateRequest(SimpleRequest.Builder.get(path).build()).getMessages().stream()
                .filter(m -> m.getKey().startsWith("validation.request.path.missing")
                        || m.getKey().startsWith("validation.request.operation.notAllowed"))
                .map(ValidationReport.Message::getMessage)
                .toList();
    }

    private static SimpleResponse response(Http.Response answer) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status()).withBody(answer.body());
        answer.headers().forEach(response::withHeader);
        return response.build();
    }

    private static List<String> problems(String label, String path, Http.Response answer) {
        ValidationReport report = validator.validateResponse(path, Request.Method.GET, response(answer));
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> label + " -> " + answer.status() + ": " + m.getMessage())
                .toList();
    }
}
