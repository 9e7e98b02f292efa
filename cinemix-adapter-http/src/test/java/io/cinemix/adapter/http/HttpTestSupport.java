package io.cinemix.adapter.http;

import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;

import io.cinemix.domain.FakeTicker;
import io.cinemix.testsupport.Http;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared set-up: a fresh rate-limit window, an empty cache and a healthy catalog before every test. */
abstract class HttpTestSupport {
    @Inject
    EmbeddedServer server;
    @Inject
    JsonMapper mapper;
    @Inject
    FakeTicker ticker;
    @Inject
    CountingMovieCatalog catalog;
    @Inject
    InMemoryMovieCache cache;
    @Inject
    TestBeans.BlockingCallThreads blockingCalls;

    Http http;

    @BeforeEach
    void freshState() {
        long seconds = ticker.read() / 1_000_000_000L;
        ticker.setSeconds((seconds / 10 + 1) * 10 + 3600); // a fresh window, starting on a bucket boundary
        cache.entries.clear();
        cache.missing.clear();
        cache.failing(false);
        catalog.failWith(null);
        http = new Http(server.getURL(), mapper);
    }

    static void assertError(Http.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.json()).containsOnlyKeys("error_code", "message");
        assertThat(response.json().get("error_code")).isEqualTo(Integer.toString(status));
        assertThat((String) response.json().get("message")).isNotBlank().doesNotContain("Exception")
                .doesNotContain("at io.").doesNotContain("/api");
    }
}
