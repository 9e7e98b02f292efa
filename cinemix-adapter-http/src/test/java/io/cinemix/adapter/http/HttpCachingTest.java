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

import static org.assertj.core.api.Assertions.assertThat;

/** Details answers are HTTP-cacheable (RFC 9110 §13.1.2, RFC 9111 §5); the test service's CACHE_TTL is 1 h. */
@MicronautTest
class HttpCachingTest extends HttpTestSupport {
    private static final String BEGINS = "/api/v1/search/id/tt0372784";

    @Test
    void aMissIsFreshForTheWholeTtlAndZeroSecondsOld() {
        Http.Response response = http.get(BEGINS);

        assertThat(response.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(response.header("ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(response.header("Age")).isEqualTo("0");
    }

    @Test
    void aHitIsFreshForWhatTheEntryHasLeftAndAsOldAsItsTimeInTheCache() {
        cache.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(
                CountingMovieCatalog.movie("tt0372784", "Batman Begins"), Duration.ofSeconds(1200)));

        Http.Response response = http.get(BEGINS);

        assertThat(response.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=1200");
        assertThat(response.header("Age")).isEqualTo("2400");
    }

    @Test
    void aHitHasTheSameEntityTagAsTheMissThatStoredIt() {
        Http.Response miss = http.get(BEGINS);
        Http.Response hit = http.get(BEGINS);

        assertThat(hit.header("ETag")).isEqualTo(miss.header("ETag"));
        assertThat(AnswerBodies.etag(hit.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(hit.header("ETag"));
    }

    @Test
    void answersNotModifiedWithoutBodyOrUpstreamCallWhenTheTagMatches() {
        String etag = http.get(BEGINS).header("ETag");
        int calls = catalog.findCalls.get();

        Http.Response response = http.get(BEGINS, "If-None-Match", etag);

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(catalog.findCalls).hasValue(calls);
        assertThat(response.header("ETag")).isEqualTo(etag);
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(response.header("Age")).isEqualTo("0");
        assertThat(response.header("RateLimit")).startsWith("\"default\";r=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "\"other\", %s", "W/%s", "\"a\",W/%s ,\"b\""})
    void answersNotModifiedForAStarAListOrAWeakTag(String ifNoneMatch) {
        String etag = http.get(BEGINS).header("ETag");

        Http.Response response = http.get(BEGINS, "If-None-Match", ifNoneMatch.replace("%s", etag));

        assertThat(response.status()).isEqualTo(304);
    }

    @Test
    void answersTheBodyWhenNoTagMatches() {
        http.get(BEGINS);

        Http.Response response = http.get(BEGINS, "If-None-Match", "\"stale-tag\", W/\"another\"");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("imdb_id", "tt0372784");
    }

    @Test
    void answersNotFoundToAStarForAnUnknownIdCacheableForTheNegativeTtl() {
        Http.Response response = http.get("/api/v1/search/id/tt9999999", "If-None-Match", "*");

        assertError(response, 404);
        assertThat(response.header("Cache-Control")).as("remembered for the default 300 s")
                .isEqualTo("public, max-age=300");
    }

    @Test
    void letsClientsCacheTheNotFoundOfARememberedIdForTheTimeItHasLeft() {
        cache.missing.put(ImdbId.of("tt9999998"), Duration.ofMillis(42_900));
        int calls = catalog.findCalls.get();

        Http.Response response = http.get("/api/v1/search/id/tt9999998");

        assertError(response, 404);
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=42");
        assertThat(catalog.findCalls).hasValue(calls);
    }

    @Test
    void forbidsStoringANotFoundTheCacheCouldNotRemember() {
        cache.failing(true);

        Http.Response response = http.get("/api/v1/search/id/tt9999997");

        assertError(response, 404);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void answersHeadLikeGetWithoutABody() {
        Http.Response get = http.get(BEGINS);

        Http.Response head = http.send("HEAD", BEGINS);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).startsWith("application/json");
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(head.header("Cache-Status")).isEqualTo("cinemix; hit");
    }

    @Test
    void forbidsStoringErrors() {
        assertThat(http.get("/api/v1/search/id/nonsense").header("Cache-Control")).isEqualTo("no-store");
        assertThat(http.get("/api/v1/nowhere").header("Cache-Control")).isEqualTo("no-store");
    }
}
