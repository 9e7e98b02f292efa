package io.cinemix.adapter.http;

import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;
import io.cinemix.testsupport.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@Property(name = "micronaut.server.cors.enabled", value = "true")
@Property(name = "micronaut.server.cors.configurations.web.allowed-origins", value = "http://allowed.example")
class ErrorContractTest extends HttpTestSupport {
    private static final String SECRET = "apikey=K3Y-SENTINEL-0001";

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/nothing", "/", "/api/v1/search//", "/api/v2/search/?query=batman",
            "/api/v1/search/id/tt0372784/extra"})
    void answersUnknownRoutesWithTheJsonNotFoundBody(String path) {
        assertError(http.get(path), 404);
    }

    @Test
    void answersJsonEvenWhenTheClientAcceptsOnlyHtml() {
        assertError(http.get("/api/v1/nothing", "Accept", "text/html"), 404);
        assertError(http.send("POST", "/api/v1/search/?query=batman", "Accept", "text/html"), 405);
        assertError(http.get("/api/v1/search/?query=batman", "Accept", "text/html"), 406);
        assertThat(http.get("/api/v1/search/?query=batman", "Accept", "text/html,*/*;q=0.8").status()).isEqualTo(200);
    }

    @Test
    void answersAnOriginThatCorsRefusesWithTheJson403() {
        int before = catalog.calls();

        Http.Response refused = http.get("/api/v1/search/id/tt0372784", "Origin", "http://other.example");

        assertError(refused, 403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
        assertThat(catalog.calls()).isEqualTo(before);
        Http.Response allowed = http.get("/api/v1/search/id/tt0372784", "Origin", "http://allowed.example");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://allowed.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void answersWrongMethodsWith405(String method) {
        assertError(http.send(method, "/api/v1/search/?query=batman"), 405);
    }

    @Test
    void answersAHugeRequestLineWith413() {
        Http.Response response = http.raw("GET /api/v1/search/?query=" + "a".repeat(5000) + " HTTP/1.1");

        assertError(response, 413);
    }

    @Test
    void answersHugeHeadersWith413() {
        Http.Response response = http.raw("GET /api/v1/search/?query=batman HTTP/1.1", "X-Big: " + "b".repeat(9000));

        assertError(response, 413);
    }

    @Test
    void answersIllegalCharactersInTheRawPathWith400() {
        Http.Response response = http.raw("GET /api/v1/search/id/%zz HTTP/1.1");

        assertThat(response.status()).isIn(400, 404);
        assertError(response, response.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/v1/search/?query=a b HTTP/1.1", "GET /api/v1/search/?query=a\u0001b HTTP/1.1",
            "GET /api/v1/search/?query=%zz%zz&page=%G1 HTTP/1.1", "GARBAGE"})
    void answersMalformedRequestLinesWithTheJson400(String requestLine) {
        int before = catalog.calls();

        assertError(http.raw(requestLine), 400);
        assertThat(catalog.calls()).isEqualTo(before);
    }

    @Test
    void mapsAnUpstreamFailureTo502WithoutItsText() {
        catalog.failWith(() -> new UpstreamUnavailableException("OMDb said 500 at https://omdb?" + SECRET));

        Http.Response response = http.get("/api/v1/search/id/tt0372784");

        assertError(response, 502);
        assertThat(response.body()).doesNotContain("K3Y-SENTINEL").doesNotContain("OMDb said");
    }

    @Test
    void mapsAMisconfiguredUpstreamTo502() {
        catalog.failWith(() -> new UpstreamMisconfiguredException("Invalid API key! " + SECRET));

        Http.Response response = http.get("/api/v1/search/?query=batman");

        assertError(response, 502);
        assertThat(response.body()).doesNotContain("K3Y-SENTINEL");
    }

    @Test
    void mapsAnUpstreamTimeoutTo504() {
        catalog.failWith(() -> new UpstreamTimeoutException("timed out " + SECRET));

        Http.Response response = http.get("/api/v1/search/id/tt0372784");

        assertError(response, 504);
        assertThat(response.body()).doesNotContain("K3Y-SENTINEL");
    }

    @Test
    void mapsAnExhaustedQuotaTo503WithRetryAfter() {
        catalog.failWith(() -> new UpstreamQuotaExhaustedException("spent", Duration.ofSeconds(90).plusMillis(1)));

        Http.Response response = http.get("/api/v1/search/id/tt0372784");

        assertError(response, 503);
        assertThat(response.header("Retry-After")).isEqualTo("91");
    }

    @Test
    void mapsAnOpenCircuitTo503WithRetryAfterTheCoolDown() {
        catalog.failWith(() -> new UpstreamCircuitOpenException(Duration.ofSeconds(29).plusMillis(400)));

        Http.Response response = http.get("/api/v1/search/id/tt0372784");

        assertError(response, 503);
        assertThat(response.header("Retry-After")).isEqualTo("30");
        assertThat(response.body()).contains("please retry").doesNotContain("Exception");
    }

    @Test
    void mapsAnExhaustedQuotaWithoutAResetTimeTo503RetryingAtTheNextUtcMidnight() {
        catalog.failWith(() -> new UpstreamQuotaExhaustedException("spent"));

        Http.Response response = http.get("/api/v1/search/?query=batman");

        assertError(response, 503);
        assertThat(response.header("Retry-After")).isEqualTo("3600"); // the test clock says 23:00 UTC
    }

    @Test
    void answersARefusedLookupWhileShuttingDownWith503AndRetryAfter() {
        catalog.failWith(() -> new RejectedExecutionException("pool lookups is shut down"));

        Http.Response details = http.get("/api/v1/search/id/tt0372784");
        Http.Response search = http.get("/api/v1/search/?query=batman");

        for (Http.Response response : new Http.Response[]{details, search}) {
            assertError(response, 503);
            assertThat(response.header("Retry-After")).isEqualTo("1");
            assertThat(response.body()).contains("shutting down").doesNotContain("pool lookups");
        }
    }

    @Test
    void answersAnythingUnexpectedWithAGeneric500() {
        catalog.failWith(() -> new IllegalStateException("boom at https://omdb?" + SECRET));

        Http.Response response = http.get("/api/v1/search/id/tt0372784");

        assertError(response, 500);
        assertThat(response.json().get("message")).isEqualTo("An unexpected error occurred.");
        assertThat(response.body()).doesNotContain("K3Y-SENTINEL").doesNotContain("boom");
    }

    @Test
    void reportsHealthWithoutRateLimitHeaders() {
        Http.Response response = http.get("/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("status", "UP").containsEntry("catalog", "omdb");
        assertThat(response.object("upstream")).containsEntry("budget_remaining", 997).containsEntry("circuit", "closed");
        assertThat(response.object("cache")).containsEntry("backend", "in-process").containsEntry("reachable", true);
        assertThat(response.header("RateLimit")).isNull();
    }
}
