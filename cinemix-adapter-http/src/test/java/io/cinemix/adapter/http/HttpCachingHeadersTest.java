package io.cinemix.adapter.http;

import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.Freshness;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCachingHeadersTest {
    private static final Freshness WITH_GRACE = new Freshness(Duration.ofMillis(35_900), Duration.ofSeconds(25),
            Duration.ofSeconds(30));

    @Test
    void offersTheGraceAsStaleIfErrorAndRoundsSecondsDown() {
        MutableHttpResponse<?> response = HttpCaching.headers(HttpResponse.ok(), "\"t\"", CacheStatus.HIT, WITH_GRACE);

        assertThat(response.getHeaders().get("Cache-Control")).isEqualTo("public, max-age=35, stale-if-error=30");
        assertThat(response.getHeaders().get("Age")).isEqualTo("25");
        assertThat(response.getHeaders().get("ETag")).isEqualTo("\"t\"");
    }

    @Test
    void givesAStaleAnswerNoFreshness() {
        Freshness stale = new Freshness(Duration.ZERO, Duration.ofSeconds(70), Duration.ofSeconds(30));

        MutableHttpResponse<?> response = HttpCaching.headers(HttpResponse.ok(), "\"t\"", CacheStatus.STALE, stale);

        assertThat(response.getHeaders().get("Cache-Control")).isEqualTo("public, max-age=0, stale-if-error=30");
        assertThat(response.getHeaders().get("Age")).isEqualTo("70");
    }

    @Test
    void offersTheStaleWhileRevalidateWindowWhileFresh() {
        Freshness fresh = new Freshness(Duration.ofSeconds(35), Duration.ofSeconds(25), Duration.ZERO,
                Duration.ofSeconds(30));

        MutableHttpResponse<?> response = HttpCaching.headers(HttpResponse.ok(), "\"t\"", CacheStatus.HIT, fresh);

        assertThat(response.getHeaders().get("Cache-Control"))
                .isEqualTo("public, max-age=35, stale-while-revalidate=30");
    }

    @Test
    void givesAnAnswerServedWhileRevalidatingNoFreshnessAndTheWindowsSecondsLeft() {
        Freshness revalidating = new Freshness(Duration.ZERO, Duration.ofSeconds(70), Duration.ofSeconds(600),
                Duration.ofMillis(19_900));

        MutableHttpResponse<?> response = HttpCaching.headers(HttpResponse.ok(), "\"t\"", CacheStatus.REVALIDATING,
                revalidating);

        assertThat(response.getHeaders().get("Cache-Control"))
                .isEqualTo("public, max-age=0, stale-while-revalidate=19, stale-if-error=600");
        assertThat(response.getHeaders().get("Age")).isEqualTo("70");
    }

    @Test
    void matchesIfNoneMatchByWeakComparison() {
        assertThat(HttpCaching.noneMatchFails("W/\"t\"", "\"t\"")).isTrue();
        assertThat(HttpCaching.noneMatchFails("\"a\", \"t\"", "\"t\"")).isTrue();
        assertThat(HttpCaching.noneMatchFails(" * ", "\"t\"")).isTrue();
        assertThat(HttpCaching.noneMatchFails("\"T\"", "\"t\"")).isFalse();
        assertThat(HttpCaching.noneMatchFails("t", "\"t\"")).isFalse();
        assertThat(HttpCaching.noneMatchFails(null, "\"t\"")).isFalse();
    }
}
