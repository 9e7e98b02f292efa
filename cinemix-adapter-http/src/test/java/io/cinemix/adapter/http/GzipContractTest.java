package io.cinemix.adapter.http;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Details answers of at least 1 KiB are gzipped once per cached body, and only gzip or nothing is ever sent, seen by
 * a client that does not decompress (Java's HttpClient). Compressions are counted on the controller's memo.
 */
@MicronautTest
class GzipContractTest extends HttpTestSupport {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String BEGINS = "/api/v1/search/id/tt0372784";

    @BeforeEach
    void aCachedBodyOverOneKibibyte() {
        cache.entries.put(new DetailsKey(ImdbId.of("tt0372784"), Plot.SHORT), new CachedMovie(
                CountingMovieCatalog.movie("tt0372784", "Batman Begins ".repeat(100)), Duration.ofSeconds(1200)));
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private long compressions() {
        return server.getApplicationContext().getBean(SearchController.class).gzipCompressions();
    }

    @Test
    void gzipsTheBodyOnceAndSendsTheSameBytesOnEveryLaterHit() throws Exception {
        HttpResponse<byte[]> plain = get(BEGINS);
        long before = compressions();

        HttpResponse<byte[]> first = get(BEGINS, "Accept-Encoding", "gzip");
        HttpResponse<byte[]> second = get(BEGINS, "Accept-Encoding", "gzip, deflate, br");

        assertThat(plain.body().length).isGreaterThanOrEqualTo(AnswerBodies.GZIP_THRESHOLD);
        assertThat(first.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gunzip(first.body())).isEqualTo(plain.body());
        assertThat(first.body().length).isLessThan(plain.body().length);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(first.headers().firstValue("ETag")).isEqualTo(plain.headers().firstValue("ETag"));
        assertThat(first.headers().allValues("Vary")).contains("Accept-Encoding");
        assertThat(plain.headers().allValues("Vary")).contains("Accept-Encoding");
        assertThat(compressions() - before).as("compressed for the first gzip hit only").isEqualTo(1);
    }

    @Test
    void answersAStarWithGzip() throws Exception {
        HttpResponse<byte[]> response = get(BEGINS, "Accept-Encoding", "*");

        assertThat(response.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new String(gunzip(response.body()), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{");
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "br", "zstd, snappy", "gzip;q=0", "gzip;q=0, *;q=1", "*;q=0", "identity;q=0"})
    void sendsTheBodyAsIsWhenGzipIsNotWanted(String acceptEncoding) throws Exception {
        HttpResponse<byte[]> response = get(BEGINS, "Accept-Encoding", acceptEncoding);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{");
    }

    @Test
    void answersNotModifiedWithoutBodyOrCompressionWhenTheTagMatches() throws Exception {
        String etag = get(BEGINS).headers().firstValue("ETag").orElseThrow();
        long before = compressions();

        HttpResponse<byte[]> response = get(BEGINS, "Accept-Encoding", "gzip", "If-None-Match", etag);

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("ETag")).contains(etag);
        assertThat(response.headers().allValues("Vary")).contains("Accept-Encoding");
        assertThat(compressions()).isEqualTo(before);
    }

    @Test
    void sendsSmallBodiesAndErrorsAsIsWithoutVary() throws Exception {
        cache.entries.clear();

        HttpResponse<byte[]> small = get(BEGINS, "Accept-Encoding", "gzip");
        HttpResponse<byte[]> notFound = get("/api/v1/search/id/tt9999999", "Accept-Encoding", "gzip");

        assertThat(small.body().length).isLessThan(AnswerBodies.GZIP_THRESHOLD);
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(small.headers().allValues("Vary")).doesNotContain("Accept-Encoding");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Encoding")).isEmpty();
    }
}
