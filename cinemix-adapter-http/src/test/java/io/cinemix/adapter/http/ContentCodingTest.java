package io.cinemix.adapter.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Accept-Encoding (RFC 9110 §12.5.3) decides between gzip and the body as is; no other coding is ever chosen. */
class ContentCodingTest {
    @ParameterizedTest
    @ValueSource(strings = {"gzip", "GZIP", "x-gzip", "*", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8, *;q=0.1",
        "gzip;q=0.5, identity;q=0.5", "gzip ; q=1", "identity;q=0, gzip", "*;q=0.5", "deflate, *", "gzip;Q=0.9"})
    void gzipsWhenGzipIsAcceptableAndNoLessWantedThanTheBodyAsIs(String acceptEncoding) {
        assertThat(ContentCoding.prefersGzip(List.of(acceptEncoding))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "identity", "br", "zstd", "deflate", "snappy", "br, zstd", "gzip;q=0",
        "gzip;q=0, *;q=1", "*;q=0", "identity;q=0", "*, gzip;q=0", "gzip;q=0.5, identity", "*;q=0.5, identity",
        "gzip;q=abc", "gzip;q=2", "gzip;q=-1", "gzipped", ",;"})
    void sendsTheBodyAsIsOtherwise(String acceptEncoding) {
        assertThat(ContentCoding.prefersGzip(List.of(acceptEncoding))).isFalse();
    }

    @Test
    void sendsTheBodyAsIsWithoutTheHeader() {
        assertThat(ContentCoding.prefersGzip(List.of())).isFalse();
    }

    @Test
    void readsEveryFieldLine() {
        assertThat(ContentCoding.prefersGzip(List.of("br", "gzip"))).isTrue();
        assertThat(ContentCoding.prefersGzip(List.of("*", "gzip;q=0"))).isFalse();
    }
}
