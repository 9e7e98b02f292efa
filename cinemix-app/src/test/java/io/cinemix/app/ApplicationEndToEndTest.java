package io.cinemix.app;

import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole app in this JVM (Micronaut's test environment), wired by {@link CinemixFactory} against a real Redis and
 * the OMDb stub, through the contract. The limit is raised here; {@link RateLimitEndToEndTest} checks it.
 */
class ApplicationEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-e2e-7f3a";
    @AutoClose
    private static OmdbStub omdb;
    private static LocalRedis redis;
    @AutoClose
    private static RunningApp app;
    private static Http http;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.shared();
        app = RunningApp.start("port", "8000", "omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                "redis-url", redis.url(), "cache-ttl", "1h", "max-threshold", "1000");
        http = app.http();
    }

    @BeforeEach
    void emptyCache() {
        redis.command("FLUSHDB");
    }

    @Test
    void searchesByTitleThroughOmdb() {
        Http.Response response = http.get("/api/v1/search/?query=batman");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("query", "batman").containsEntry("page", 1)
                .containsEntry("total_results", 482).containsEntry("total_pages", 49);
        assertThat(response.json().get("results")).isEqualTo(List.of(
                Map.of("imdb_id", "tt0372784", "title", "Batman Begins", "year", "2005", "type", "movie",
                        "poster", "https://m.media-amazon.com/images/M/batman.jpg"),
                new java.util.HashMap<>(Map.of("imdb_id", "tt0103359", "title", "Batman: The Animated Series",
                        "year", "1992–1995", "type", "series")) {{ put("poster", null); }}));
        assertThat(response.header("RateLimit-Policy")).as("an OMDb call: the client's share (a tenth of 1000) too")
                .isEqualTo("\"default\";q=1000;w=60, \"omdb\";q=100;w=86400");
        assertThat(response.header("Cache-Status")).as("SEARCH_CACHE_TTL is 0").isEqualTo("cinemix; fwd=bypass");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void answersAnEmptyPageForNoMatchAndBadRequestForATooBroadQuery() {
        Http.Response none = http.get("/api/v1/search?title=zzzz");
        Http.Response broad = http.get("/api/v1/search/?query=a");

        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json()).containsEntry("results", List.of()).containsEntry("total_results", 0)
                .containsEntry("total_pages", 0);
        assertThat(broad.status()).isEqualTo(400);
        assertThat(broad.json()).containsEntry("error_code", "400");
    }

    @Test
    void cachesDetailsInRedisUnderMovieIdAndSaysSoInCacheStatus() {
        int before = omdb.detailCalls("tt0372784");

        Http.Response miss = http.get("/api/v1/search/id/?id=tt0372784");
        Http.Response hit = http.get("/api/v1/search/id/tt0372784");

        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(hit.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(hit.json()).isEqualTo(miss.json());
        assertThat(omdb.detailCalls("tt0372784") - before).isEqualTo(1);
        assertThat(redis.command("EXISTS", "movie_tt0372784")).isEqualTo(":1");
        long ttl = Long.parseLong(redis.command("TTL", "movie_tt0372784").substring(1));
        assertThat(ttl).isBetween(3500L, 3600L);
        assertThat(miss.json()).containsEntry("imdb_id", "tt0372784").containsEntry("imdb_votes", 1_632_190)
                .containsEntry("imdb_rating", 8.2).containsEntry("metascore", 70).containsEntry("production", null)
                .containsEntry("total_seasons", null).containsEntry("series_id", null);
        assertThat(miss.json()).hasSize(28);
    }

    /** Every field known (none "N/A"), so that a field lost or changed on the way to Redis or back shows. */
    @Test
    void storesUnderMovieIdTheDetailsBodyFieldByField() throws IOException {
        omdb.answer("tt0579539", aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("""
                        {"Title":"The Train Job","Year":"2002","Rated":"TV-14","Released":"20 Sep 2002","Season":"1",\
                        "Episode":"2","Runtime":"44 min","Genre":"Adventure, Drama, Sci-Fi","Director":"Joss Whedon",\
                        "Writer":"Joss Whedon, Tim Minear","Actors":"Nathan Fillion, Gina Torres, Alan Tudyk",\
                        "Plot":"Mal and his crew take a job robbing a train.","Language":"English, Mandarin",\
                        "Country":"United States","Awards":"1 win",\
                        "Poster":"https://m.media-amazon.com/images/M/t.jpg",\
                        "Ratings":[{"Source":"Internet Movie Database","Value":"8.7/10"}],"Metascore":"81",\
                        "imdbRating":"8.7","imdbVotes":"5,310","imdbID":"tt0579539","seriesID":"tt0303461",\
                        "Type":"episode","totalSeasons":"1","DVD":"09 Dec 2003","BoxOffice":"$1,000",\
                        "Production":"Mutant Enemy","Website":"https://firefly.example","Response":"True"}"""));
        List<String> fields = List.of("imdb_id", "title", "year", "rated", "released", "runtime", "genre", "director",
                "writer", "actors", "plot", "language", "country", "awards", "poster", "ratings", "metascore",
                "imdb_rating", "imdb_votes", "type", "dvd", "box_office", "production", "website", "total_seasons",
                "season", "episode", "series_id");

        Http.Response answered = http.get("/api/v1/search/id/tt0579539");
        String stored = redis.command("GET", "movie_tt0579539");

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().keySet()).containsExactlyInAnyOrderElementsOf(fields);
        assertThat(stored).startsWith("{");
        Map<String, Object> storedJson = app.context().getBean(JsonMapper.class)
                .readValue(stored, Argument.mapOf(String.class, Object.class));
        assertThat(storedJson.keySet()).containsExactlyInAnyOrderElementsOf(fields);
        for (String field : fields) {
            assertThat(answered.json().get(field)).as("answered %s", field).isNotNull();
            assertThat(storedJson.get(field)).as("stored %s", field).isEqualTo(answered.json().get(field));
        }
        assertThat(answered.json()).containsEntry("imdb_id", "tt0579539").containsEntry("series_id", "tt0303461")
                .containsEntry("imdb_votes", 5_310).containsEntry("ratings",
                        List.of(Map.of("source", "Internet Movie Database", "value", "8.7/10")));
    }

    @Test
    void answersNotFoundForAnUnknownIdAndBadRequestForAMalformedOneWithoutCallingOmdb() {
        int calls = omdb.calls();
        Http.Response malformed = http.get("/api/v1/search/id/?id=%20tt0372784");
        assertThat(omdb.calls()).isEqualTo(calls);

        Http.Response unknown = http.get("/api/v1/search/id/tt9999999");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json()).containsEntry("error_code", "404");
    }

    @Test
    void mapsUpstreamFailuresWithoutLeakingTheKey() {
        Http.Response failing = http.get("/api/v1/search/id/tt0000500");
        Http.Response quota = http.get("/api/v1/search/id/tt0000401");

        assertThat(failing.status()).isEqualTo(502);
        assertThat(failing.json()).containsEntry("error_code", "502");
        assertThat(quota.status()).isEqualTo(503);
        assertThat(quota.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(failing.body() + quota.body()).doesNotContain(KEY).doesNotContain("exploded");
    }

    @Test
    void answersMicronautsOwnErrorsWithTheContractBody() {
        assertThat(http.get("/api/v1/unknown").json()).containsEntry("error_code", "404");
        assertThat(http.send("DELETE", "/api/v1/search/?query=batman").json()).containsEntry("error_code", "405");
        assertThat(http.get("/nothing", "Accept", "text/html").json()).containsEntry("error_code", "404");
        assertThat(http.raw("GET /api/v1/search/?query=%zz HTTP/1.1").json()).containsEntry("error_code", "400");
        assertThat(http.raw("GET /api/v1/search/?query=" + "x".repeat(5000) + " HTTP/1.1").json())
                .containsEntry("error_code", "413");
    }

    @Test
    void reportsHealthWithTheRedisCacheAndTheOmdbCatalog() {
        Http.Response health = http.get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsEntry("status", "UP").containsEntry("catalog", "omdb");
        assertThat(health.object("cache")).containsEntry("backend", "redis").containsEntry("reachable", true);
        assertThat(health.object("upstream")).containsEntry("circuit", "closed").containsKey("budget_remaining");
    }

    @Test
    void allowsTheFrontendOriginByCors() {
        Http.Response preflight = http.send("OPTIONS", "/api/v1/search/?query=batman",
                "Origin", "http://localhost:3000", "Access-Control-Request-Method", "GET");
        Http.Response foreign = http.get("/api/v1/search/?query=batman", "Origin", "https://evil.example");

        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:3000");
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
    }
}
