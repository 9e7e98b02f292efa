package io.cinemix.adapter.http;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.port.CachedMovie;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.testsupport.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class DetailsContractTest extends HttpTestSupport {
    private static final String[] DETAIL_KEYS = {"imdb_id", "title", "year", "rated", "released", "runtime", "genre",
            "director", "writer", "actors", "plot", "language", "country", "awards", "poster", "ratings", "metascore",
            "imdb_rating", "imdb_votes", "type", "dvd", "box_office", "production", "website", "total_seasons",
            "season", "episode", "series_id"};

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/search/id/?id=tt0372784", "/api/v1/search/id?id=tt0372784",
            "/api/v1/search/id/tt0372784", "/api/v1/search/id/tt0372784/", "/api/v1/search/id/?id=TT0372784",
            "/api/v1/search/id/?id=tt0372784&plot=short", "/api/v1/search/id/tt0372784?plot=full",
            "/api/v1/search/id/?id=tt0372784&plot="})
    void findsDetailsByIdInQueryAndPathForms(String path) {
        Http.Response response = http.get(path);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsOnlyKeys(DETAIL_KEYS);
        assertThat(response.json()).containsEntry("imdb_id", "tt0372784").containsEntry("title", "Batman Begins")
                .containsEntry("metascore", 70).containsEntry("imdb_rating", 8.2)
                .containsEntry("imdb_votes", 1_600_000).containsEntry("box_office", "$206,863,479")
                .containsEntry("dvd", null).containsEntry("total_seasons", null).containsEntry("series_id", null);
        assertThat(response.json().get("ratings")).isEqualTo(List.of(
                Map.of("source", "Internet Movie Database", "value", "8.2/10"),
                Map.of("source", "Rotten Tomatoes", "value", "85%")));
    }

    @Test
    void writesEveryKeyWithNullsAndAnEmptyRatingsList() {
        Http.Response response = http.get("/api/v1/search/id/tt0096895");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsOnlyKeys(DETAIL_KEYS);
        assertThat(response.json()).containsEntry("ratings", List.of()).containsEntry("rated", null)
                .containsEntry("metascore", null).containsEntry("imdb_rating", null);
    }

    @Test
    void saysMissThenHitInCacheStatus() {
        Http.Response first = http.get("/api/v1/search/id/tt0372784");
        Http.Response second = http.get("/api/v1/search/id/?id=tt0372784");

        assertThat(first.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(second.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(second.json()).isEqualTo(first.json());
    }

    @Test
    void answersWithTheDetailsTheCacheHoldsNowNotThoseItHeldBefore() {
        http.get("/api/v1/search/id/tt0372784");
        cache.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(
                CountingMovieCatalog.movie("tt0372784", "Batman Begins (IMAX)"), Duration.ofHours(1)));

        Http.Response response = http.get("/api/v1/search/id/tt0372784");

        assertThat(response.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json()).containsOnlyKeys(DETAIL_KEYS).containsEntry("title", "Batman Begins (IMAX)");
    }

    @Test
    void saysMissNotStoredWhenTheCacheIsDown() {
        cache.failing(true);

        Http.Response response = http.get("/api/v1/search/id/tt0372784");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Status")).isEqualTo("cinemix; fwd=miss");
    }

    @Test
    void answersNotFoundForAnUnknownId() {
        Http.Response response = http.get("/api/v1/search/id/tt9999999");

        assertError(response, 404);
        assertThat((String) response.json().get("message")).contains("tt9999999");
    }

    @Test
    void saysCacheHitOnTheNotFoundOfAnIdRememberedAsUnknownWithoutAskingTheUpstreamAgain() {
        Http.Response asked = http.get("/api/v1/search/id/tt9999902");
        int calls = catalog.calls();
        Http.Response remembered = http.get("/api/v1/search/id/tt9999902");

        assertError(asked, 404);
        assertError(remembered, 404);
        assertThat(asked.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(remembered.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(remembered.header("Cache-Control")).startsWith("public, max-age=");
        assertThat(catalog.calls()).isEqualTo(calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/search/id/", "/api/v1/search/id/?id=", "/api/v1/search/id/?id=tt123",
            "/api/v1/search/id/?id=%20tt0372784", "/api/v1/search/id/?id=tt0372784%20", "/api/v1/search/id/nm0000001",
            "/api/v1/search/id/tt12345678901", "/api/v1/search/id/?id=tt0372784&id=tt0096895",
            "/api/v1/search/id/tt0372784?plot=long", "/api/v1/search/id/tt0372784?plot=full&plot=short"})
    void rejectsBadIdsAndPlotsWithoutCallingTheCatalog(String path) {
        int before = catalog.calls();

        assertError(http.get(path), 400);
        assertThat(catalog.calls()).isEqualTo(before);
    }
}
