package io.cinemix.app;

import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compression on the real app, seen by a client that does not decompress (Java's HttpClient): details answers of at
 * least 1 KiB are gzipped when the client prefers gzip, and decompress to the very bytes sent without it; no other
 * coding is ever sent (Micronaut's Netty compression, which answered {@code *} with snappy, is off). That a body is
 * gzipped once, not per hit, is counted in cinemix-adapter-http's GzipContractTest.
 */
class CompressionEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-gzip-51c0";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    @AutoClose
    private static OmdbStub omdb;
    @AutoClose
    private static RunningApp app;

    /** A details body over 1 KiB: Batman Begins with a full plot of 700 characters, as OMDb's are. */
    private static final String FULL_PLOT_ID = "tt0000701";
    private static final String FULL_PLOT = ("After training with his mentor, Batman begins his fight to free "
            + "crime-ridden Gotham City from corruption. ").repeat(7);

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        omdb.answer(FULL_PLOT_ID, com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(OmdbStub.BATMAN_BEGINS.replace("tt0372784", FULL_PLOT_ID)
                        .replaceFirst("\"Plot\":\"[^\"]*\"", "\"Plot\":\"" + FULL_PLOT.strip() + "\"")));
        app = RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "max-threshold", "100000");
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.context()
                .getBean(io.micronaut.runtime.server.EmbeddedServer.class).getURL() + path));
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

    @Test
    void gzipsADetailsBodyOverOneKibibyteForAClientThatAcceptsGzip() throws Exception {
        String path = "/api/v1/search/id/" + FULL_PLOT_ID + "?plot=full";
        byte[] plain = get(path).body();

        HttpResponse<byte[]> zipped = get(path, "Accept-Encoding", "gzip");

        assertThat(plain.length).isGreaterThanOrEqualTo(1024);
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gunzip(zipped.body())).isEqualTo(plain);
        assertThat(zipped.body().length).isLessThan(plain.length);
        assertThat(zipped.headers().allValues("Vary")).contains("Accept-Encoding");
    }

    @Test
    void answersAStarWithGzipAndTheSameEntityTag() throws Exception {
        String path = "/api/v1/search/id/" + FULL_PLOT_ID + "?plot=full";
        HttpResponse<byte[]> plain = get(path, "Accept-Encoding", "identity");

        HttpResponse<byte[]> zipped = get(path, "Accept-Encoding", "*");

        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gunzip(zipped.body())).isEqualTo(plain.body());
        assertThat(zipped.headers().firstValue("ETag")).isPresent().isEqualTo(plain.headers().firstValue("ETag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=0, *;q=1", "br", "zstd", "snappy", "deflate", "*;q=0"})
    void sendsTheBodyAsIsWhenGzipIsNotWanted(String acceptEncoding) throws Exception {
        HttpResponse<byte[]> response = get("/api/v1/search/id/" + FULL_PLOT_ID + "?plot=full",
                "Accept-Encoding", acceptEncoding);

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{");
    }

    @Test
    void answersNotModifiedAsBeforeToAClientThatAcceptsGzip() throws Exception {
        String path = "/api/v1/search/id/" + FULL_PLOT_ID + "?plot=full";
        String etag = get(path).headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> response = get(path, "Accept-Encoding", "gzip", "If-None-Match", etag);

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void sendsOtherAnswersAsIsWhateverTheClientAccepts() throws Exception {
        HttpResponse<byte[]> spec = get("/openapi.yml", "Accept-Encoding", "*");

        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.body().length).isGreaterThanOrEqualTo(1024);
        assertThat(spec.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void sendsTheBodyAsIsToAClientThatDoesNotAcceptGzip() throws Exception {
        HttpResponse<byte[]> response = get("/api/v1/search/id/tt0372784", "Accept-Encoding", "identity");

        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{");
    }

    @Test
    void leavesAnswersUnderOneKibibyteUncompressed() throws Exception {
        HttpResponse<byte[]> shortPlot = get("/api/v1/search/id/tt0372784", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> notFound = get("/api/v1/search/id/" + OmdbStub.UNKNOWN_ID, "Accept-Encoding", "gzip");

        assertThat(shortPlot.body().length).isLessThan(1024);
        assertThat(shortPlot.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Encoding")).isEmpty();
    }
}
