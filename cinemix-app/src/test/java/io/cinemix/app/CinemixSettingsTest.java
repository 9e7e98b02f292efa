package io.cinemix.app;

import io.cinemix.core.CachePolicy;

import io.cinemix.adapter.http.RateLimiting;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CinemixSettingsTest {

    /** Properties with the given variables (name, value, name, value, ...) set, all others unset. */
    private static CinemixProperties props(String... variablesAndValues) {
        String[] v = new String[25];
        String[] names = {"PORT", "OMDB_API_KEY", "OMDB_BASE_URL", "REDIS_URL", "REDIS_PASSWORD", "REDIS_DB",
                "CACHE_TTL", "CACHE_GRACE", "CACHE_STALE_WHILE_REVALIDATE", "NEGATIVE_CACHE_TTL", "OMDB_DAILY_BUDGET", "BUCKET_SIZE", "WINDOW_SIZE", "MAX_THRESHOLD", "RATE_LIMIT_SCOPE", "TRUSTED_PROXIES",
                "LOG_LEVEL", "LOG_FORMAT", "CORS_ALLOWED_ORIGINS", "OMDB_TIMEOUT", "NEAR_CACHE_TTL", "REQUEST_HEAD_TIMEOUT", "MAX_CONNECTIONS_PER_CLIENT",
                "MAX_CONNECTIONS", "SEARCH_CACHE_TTL"};
        for (int i = 0; i < names.length; i++) {
            for (int j = 0; j < variablesAndValues.length; j += 2) {
                if (names[i].equals(variablesAndValues[j])) {
                    v[i] = variablesAndValues[j + 1];
                }
            }
        }
        return new CinemixProperties(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23], v[24]);
    }

    @Test
    void usesTheSeedDefaultsWhenNothingIsSet() {
        CinemixSettings settings = CinemixSettings.from(props("none", null));

        assertThat(settings.port()).isEqualTo(8000);
        assertThat(settings.omdb()).isEmpty();
        assertThat(settings.redis()).isEmpty();
        assertThat(settings.cachePolicy()).isEqualTo(CachePolicy.of(Duration.ofHours(1)));
        assertThat(settings.cachePolicy().negativeTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.cachePolicy().grace()).isEqualTo(Duration.ZERO);
        assertThat(settings.cachePolicy().staleWhileRevalidate()).as("off").isEqualTo(Duration.ZERO);
        assertThat(settings.cachePolicy().details().storedFor()).as("the seed's movie_<id> TTL")
                .isEqualTo(Duration.ofHours(1));
        assertThat(settings.cachePolicy().searchTtl()).as("searches not cached").isEqualTo(Duration.ZERO);
        assertThat(settings.omdbDailyBudget()).isEqualTo(1000);
        assertThat(settings.rateLimitPolicy().maxThreshold()).isEqualTo(10);
        assertThat(settings.rateLimitPolicy().window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.rateLimitPolicy().bucket()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.rateLimitScope()).isEqualTo(RateLimiting.Scope.CLIENT);
        assertThat(settings.trustedProxies().isEmpty()).isTrue();
        assertThat(settings.corsAllowedOrigins()).containsExactly("http://localhost:3000");
        assertThat(settings.nearCacheTtl()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void namesTheVariableOfABadValue() {
        assertThatThrownBy(() -> CinemixSettings.from(props("MAX_THRESHOLD", "abc")))
                .hasMessageStartingWith("MAX_THRESHOLD ").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> CinemixSettings.from(props("PORT", "70000"))).hasMessageStartingWith("PORT ");
        assertThatThrownBy(() -> CinemixSettings.from(props("BUCKET_SIZE", "-1")))
                .hasMessageStartingWith("BUCKET_SIZE ");
        assertThatThrownBy(() -> CinemixSettings.from(props("WINDOW_SIZE", "65")))
                .hasMessageContaining("WINDOW_SIZE");
        assertThatThrownBy(() -> CinemixSettings.from(props("CACHE_TTL", "soon")))
                .hasMessageStartingWith("CACHE_TTL ");
        assertThatThrownBy(() -> CinemixSettings.from(props("CACHE_TTL", "0"))).hasMessageStartingWith("CACHE_TTL ");
        assertThatThrownBy(() -> CinemixSettings.from(props("CACHE_GRACE", "-5")))
                .hasMessageStartingWith("CACHE_GRACE ");
        assertThatThrownBy(() -> CinemixSettings.from(props("CACHE_STALE_WHILE_REVALIDATE", "a while")))
                .hasMessageStartingWith("CACHE_STALE_WHILE_REVALIDATE ").hasMessageContaining("'a while'");
        assertThatThrownBy(() -> CinemixSettings.from(props("NEGATIVE_CACHE_TTL", "5 min")))
                .hasMessageStartingWith("NEGATIVE_CACHE_TTL ");
        assertThatThrownBy(() -> CinemixSettings.from(props("SEARCH_CACHE_TTL", "-5")))
                .hasMessageStartingWith("SEARCH_CACHE_TTL ");
        assertThatThrownBy(() -> CinemixSettings.from(props("NEAR_CACHE_TTL", "-1")))
                .hasMessageStartingWith("NEAR_CACHE_TTL ");
        assertThatThrownBy(() -> CinemixSettings.from(props("OMDB_DAILY_BUDGET", "0")))
                .hasMessageStartingWith("OMDB_DAILY_BUDGET ");
        assertThatThrownBy(() -> CinemixSettings.from(props("RATE_LIMIT_SCOPE", "planet")))
                .hasMessageStartingWith("RATE_LIMIT_SCOPE ");
        assertThatThrownBy(() -> CinemixSettings.from(props("TRUSTED_PROXIES", "proxy.local")))
                .hasMessageStartingWith("TRUSTED_PROXIES ");
        assertThatThrownBy(() -> CinemixSettings.from(props("LOG_LEVEL", "LOUD")))
                .hasMessageStartingWith("LOG_LEVEL ");
        assertThatThrownBy(() -> CinemixSettings.from(props("OMDB_TIMEOUT", "0")))
                .hasMessageStartingWith("OMDB_TIMEOUT ");
        assertThatThrownBy(() -> CinemixSettings.from(props("OMDB_TIMEOUT", "2m")))
                .hasMessageStartingWith("OMDB_TIMEOUT ").hasMessageContaining("'2m'");
        assertThatThrownBy(() -> CinemixSettings.from(props("REDIS_URL", "http://cache:6379")))
                .hasMessageStartingWith("REDIS_URL ");
        assertThatThrownBy(() -> CinemixSettings.from(props("REDIS_URL", "redis-sentinel://s1:26379")))
                .hasMessageStartingWith("REDIS_URL ").hasMessageContaining("master-name");
        assertThatThrownBy(() -> CinemixSettings.from(props("REDIS_URL", "redis-cluster://n1:7000", "REDIS_DB", "2")))
                .hasMessageStartingWith("REDIS_URL ").hasMessageContaining("REDIS_DB");
    }

    @Test
    void acceptsSentinelAndClusterUrls() {
        assertThat(CinemixSettings.from(props("REDIS_URL", "redis-sentinel://s1:26379,s2:26379/mymaster")).redis())
                .isPresent();
        assertThat(CinemixSettings.from(props("REDIS_URL", "redis-cluster://n1:7000,n2:7001")).redis()).isPresent();
    }

    @Test
    void neverQuotesSecretsInItsMessages() {
        assertThatThrownBy(() -> CinemixSettings.from(props("REDIS_URL", "redis://:S3CRET@[bad")))
                .hasMessageStartingWith("REDIS_URL ").hasMessageNotContaining("S3CRET");
        assertThatThrownBy(() -> CinemixSettings.from(props("OMDB_API_KEY", "K3Y SENTINEL")))
                .hasMessageStartingWith("OMDB_API_KEY ").hasMessageNotContaining("SENTINEL");
    }

    @Test
    void readsCacheTtlAsSecondsOrWithAUnit() {
        assertThat(CinemixSettings.from(props("CACHE_TTL", "90")).cachePolicy().ttl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(CinemixSettings.from(props("CACHE_TTL", "30m")).cachePolicy().ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(CinemixSettings.from(props("CACHE_TTL", "2h")).cachePolicy().ttl()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void readsGraceNegativeTtlAndBudget() {
        assertThat(CinemixSettings.from(props("CACHE_GRACE", "1h")).cachePolicy().grace())
                .isEqualTo(Duration.ofHours(1));
        assertThat(CinemixSettings.from(props("CACHE_STALE_WHILE_REVALIDATE", "10m")).cachePolicy()
                .staleWhileRevalidate()).isEqualTo(Duration.ofMinutes(10));
        assertThat(CinemixSettings.from(props("CACHE_TTL", "60", "CACHE_GRACE", "30", "CACHE_STALE_WHILE_REVALIDATE",
                "120")).cachePolicy().details().storedFor()).as("CACHE_TTL + the longer window")
                .isEqualTo(Duration.ofSeconds(180));
        assertThat(CinemixSettings.from(props("SEARCH_CACHE_TTL", "10m")).cachePolicy().searchTtl())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(CinemixSettings.from(props("NEGATIVE_CACHE_TTL", "0")).cachePolicy().negativeTtl())
                .isEqualTo(Duration.ZERO);
        assertThat(CinemixSettings.from(props("OMDB_DAILY_BUDGET", "250")).omdbDailyBudget()).isEqualTo(250);
    }

    @Test
    void boundsEachOmdbCallByOmdbTimeout() {
        assertThat(CinemixSettings.from(props("OMDB_API_KEY", "k3y")).omdb().orElseThrow().requestTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(CinemixSettings.from(props("OMDB_API_KEY", "k3y", "OMDB_TIMEOUT", "1")).omdb().orElseThrow())
                .returns(Duration.ofSeconds(1), io.cinemix.adapter.omdb.OmdbSettings::requestTimeout)
                .returns(Duration.ofSeconds(1), io.cinemix.adapter.omdb.OmdbSettings::connectTimeout);
    }

    @Test
    void readsScopeProxiesAndOrigins() {
        assertThat(CinemixSettings.from(props("RATE_LIMIT_SCOPE", "GLOBAL")).rateLimitScope())
                .isEqualTo(RateLimiting.Scope.GLOBAL);
        assertThat(CinemixSettings.from(props("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")).trustedProxies()
                .entries()).containsExactly("10.0.0.0/8", "127.0.0.1");
        assertThat(CinemixSettings.from(props("CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example"))
                .corsAllowedOrigins()).containsExactly("https://a.example", "https://b.example");
    }
}
