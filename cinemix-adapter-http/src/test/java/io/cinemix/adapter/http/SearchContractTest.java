package io.cinemix.adapter.http;

import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.testsupport.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class SearchContractTest extends HttpTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/search/?query=batman", "/api/v1/search?query=batman",
            "/api/v1/search/?title=batman", "/api/v1/search/?query=%20batman%20&page=&type=&year="})
    void searchesByTitleWithAndWithoutTrailingSlashAndAlias(String path) {
        Http.Response response = http.get(path);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.json()).containsOnlyKeys("query", "page", "total_results", "total_pages", "results");
        assertThat(response.json()).containsEntry("query", "batman").containsEntry("page", 1)
                .containsEntry("total_results", 2).containsEntry("total_pages", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) response.json().get("results");
        assertThat(results).hasSize(2);
        assertThat(results).allSatisfy(result ->
                assertThat(result).containsOnlyKeys("imdb_id", "title", "year", "type", "poster"));
        assertThat(results).anySatisfy(result -> assertThat(result)
                .containsEntry("imdb_id", "tt0372784").containsEntry("title", "Batman Begins")
                .containsEntry("year", "2005").containsEntry("type", "movie")
                .containsEntry("poster", "https://m.media-amazon.com/images/M/batman.jpg"));
        assertThat(results).anySatisfy(result -> assertThat(result)
                .containsEntry("imdb_id", "tt0096895").containsEntry("poster", null));
    }

    @Test
    void answersAnEmptyPageWhenNothingMatches() {
        Http.Response response = http.get("/api/v1/search/?query=zzzz&page=3");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("results", List.of()).containsEntry("total_results", 0)
                .containsEntry("total_pages", 0).containsEntry("page", 3);
    }

    @Test
    void passesPageTypeAndYearToTheCatalog() {
        Http.Response response = http.get("/api/v1/search/?query=batman&page=2&type=movie&year=2005");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("page", 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/search/", "/api/v1/search/?query=", "/api/v1/search/?query=%20%20",
            "/api/v1/search/?query=batman&page=0", "/api/v1/search/?query=batman&page=101",
            "/api/v1/search/?query=batman&page=abc", "/api/v1/search/?query=batman&page=-1",
            "/api/v1/search/?query=batman&type=game", "/api/v1/search/?query=batman&year=20x5",
            "/api/v1/search/?query=batman&year=123", "/api/v1/search/?query=batman&query=robin",
            "/api/v1/search/?query=batman&page=1&page=2", "/api/v1/search/?query=batman&title=robin"})
    void rejectsBadSearchParametersWithoutCallingTheCatalog(String path) {
        int before = catalog.calls();

        assertError(http.get(path), 400);
        assertThat(catalog.calls()).isEqualTo(before);
    }

    @Test
    void rejectsAQueryLongerThan200Characters() {
        assertError(http.get("/api/v1/search/?query=" + "a".repeat(201)), 400);
        assertThat(http.get("/api/v1/search/?query=" + "a".repeat(200)).status()).isEqualTo(200);
    }

    @Test
    void rejectsUndecodablePercentEncodingAsBadRequest() {
        int before = catalog.calls();

        Http.Response response = http.raw("GET /api/v1/search/?query=%zz HTTP/1.1");

        assertError(response, 400);
        assertThat(catalog.calls()).isEqualTo(before);
    }

    @Test
    void answersQueryTooBroadAsBadRequest() {
        catalog.failWith(QueryTooBroadException::new);

        Http.Response response = http.get("/api/v1/search/?query=a");

        assertError(response, 400);
        assertThat((String) response.json().get("message")).contains("too many");
    }

    @Test
    void neverCallsTheCatalogOrTheCacheOnTheEventLoop() {
        http.get("/api/v1/search/?query=batman");
        http.get("/api/v1/search/id/tt0372784");

        assertThat(blockingCalls.threads).isNotEmpty()
                .noneMatch(name -> name.contains("eventLoop") || name.contains("nioEventLoop"));
    }
}
