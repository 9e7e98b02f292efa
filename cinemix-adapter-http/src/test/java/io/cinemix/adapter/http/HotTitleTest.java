package io.cinemix.adapter.http;

import io.cinemix.testsupport.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With a near cache in front of the (fake) shared cache, as the app runs by default. */
@MicronautTest
@Property(name = "test.near-cache-seconds", value = "60")
class HotTitleTest extends HttpTestSupport {

    @Test
    void answersAHotTitleFromMemoryWithoutAnyBlockingCall() {
        Http.Response first = http.get("/api/v1/search/id/tt0372784");
        int blockingCallsBefore = blockingCalls.calls.get();

        Http.Response second = http.get("/api/v1/search/id/tt0372784");
        Http.Response third = http.get("/api/v1/search/id/?id=tt0372784");

        assertThat(first.header("Cache-Status")).isEqualTo("cinemix; fwd=miss; stored");
        assertThat(second.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(third.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(blockingCalls.calls).hasValue(blockingCallsBefore);
    }

    @Test
    void readsTheSharedCacheAgainOnceTheNearCopyHasExpired() {
        int fetchesBefore = catalog.findCalls.get();
        http.get("/api/v1/search/id/tt0372784");
        ticker.advanceSeconds(61);
        int blockingCallsBefore = blockingCalls.calls.get();

        Http.Response later = http.get("/api/v1/search/id/tt0372784");

        assertThat(later.header("Cache-Status")).isEqualTo("cinemix; hit");
        assertThat(blockingCalls.calls.get()).isGreaterThan(blockingCallsBefore);
        assertThat(catalog.findCalls).hasValue(fetchesBefore + 1);
    }
}
