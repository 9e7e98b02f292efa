package io.cinemix.adapter.omdb;

import io.cinemix.testsupport.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OmdbSettingsTest {
    private static final String KEY = "K3Y-SENTINEL-123";

    @Test
    void defaultsAreOmdbOverHttpsWithTwoAndFiveSecondTimeouts() {
        OmdbSettings settings = OmdbSettings.of(KEY);

        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://www.omdbapi.com/"));
        assertThat(settings.apiKey()).isEqualTo(KEY);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxConcurrentCalls()).isEqualTo(32);
        assertThat(settings.maxBodyBytes()).isEqualTo(256 * 1024);
    }

    @Test
    void withBaseUrlChangesOnlyTheBaseUrl() {
        OmdbSettings settings = OmdbSettings.of(KEY).withBaseUrl(URI.create("http://127.0.0.1:8089/"));

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089/"));
        assertThat(settings).isEqualTo(new OmdbSettings(URI.create("http://127.0.0.1:8089/"), KEY,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 32, 262_144));
    }

    @Test
    void toStringMasksTheKey() {
        String text = OmdbSettings.of(KEY).toString();

        assertThat(text).doesNotContain(KEY).contains("apiKey=***").contains("https://www.omdbapi.com/");
        assertThat(new OmdbMovieCatalog(OmdbSettings.of(KEY)).toString()).doesNotContain(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "K3Y-SENTINEL-123 with space", "K3Y-SENTINEL-123\n"})
    void rejectsBlankOrNonPrintableKeysWithoutQuotingThem(String key) {
        assertThatThrownBy(() -> OmdbSettings.of(key))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(LogCapture.describe(e)).doesNotContain(KEY));
    }

    @Test
    void rejectsAMissingKey() {
        assertThatThrownBy(() -> OmdbSettings.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://www.omdbapi.com/", "/relative", "https://www.omdbapi.com/?apikey=x",
            "https://user:pw@www.omdbapi.com/", "https://www.omdbapi.com/#top"})
    void rejectsBaseUrlsThatAreNotAPlainHttpRoot(String url) {
        assertThatThrownBy(() -> OmdbSettings.of(KEY).withBaseUrl(URI.create(url)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNonPositiveTimeoutsAndLimits() {
        URI url = OmdbSettings.DEFAULT_BASE_URL;
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new OmdbSettings(url, KEY, Duration.ZERO, s, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OmdbSettings(url, KEY, s, Duration.ofMillis(-1), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OmdbSettings(url, KEY, s, s, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OmdbSettings(url, KEY, s, s, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OmdbSettings(null, KEY, s, s, 1, 1))
                .isInstanceOf(NullPointerException.class);
    }
}
