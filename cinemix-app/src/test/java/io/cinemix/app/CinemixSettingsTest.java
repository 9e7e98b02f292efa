package io.cinemix.app;

import io.cinemix.core.CachePolicy;

import io.cinemix.adapter.http.RateLimiting;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CinemixSettingsTest {

    /**
     * Properties with the given variables (name, value, name, value, ...) set, all others unset; each component of
     * {@link CinemixProperties} is its variable's name in camel case ({@code omdbApiKey}: {@code OMDB_API_KEY}).
     */
    private static CinemixProperties props(String... variablesAndValues) {
        RecordComponent[] components = CinemixProperties.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String variable = components[i].getName().replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
            for (int j = 0; j < variablesAndValues.length; j += 2) {
                if (variable.equals(variablesAndValues[j])) {
                    values[i] = variablesAndValues[j + 1];
                }
            }
        }
        try {
            return CinemixProperties.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
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
        assertThat(settings.omdbClientShare()).as("a tenth of the budget").isEqualTo(100);
        assertThat(settings.rateLimitPolicy().maxThreshold()).isEqualTo(10);
        assertThat(settings.rateLimitPolicy().window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.rateLimitPolicy().bucket()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.rateLimitScope()).isEqualTo(RateLimiting.Scope.CLIENT);
        assertThat(settings.trustedProxies().isEmpty()).isTrue();
        assertThat(settings.corsAllowedOrigins()).containsExactly("http://localhost:3000");
        assertThat(settings.nearCacheTtl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.managementPort()).as("operator endpoints on PORT").isEmpty();
    }

    @Test
    void aClientsShareIsATenthOfTheBudgetUnlessSetAndOffInGlobalScope() {
        assertThat(CinemixSettings.from(props("OMDB_DAILY_BUDGET", "40")).omdbClientShare()).isEqualTo(4);
        assertThat(CinemixSettings.from(props("OMDB_CLIENT_SHARE", "7")).omdbClientShare()).isEqualTo(7);
        assertThat(CinemixSettings.from(props("OMDB_CLIENT_SHARE", "0")).omdbClientShare()).as("off").isZero();
        assertThat(CinemixSettings.from(props("OMDB_CLIENT_SHARE", "7", "RATE_LIMIT_SCOPE", "global"))
                .omdbClientShare()).as("one client: no share").isZero();
        assertThatThrownBy(() -> CinemixSettings.from(props("OMDB_CLIENT_SHARE", "many")))
                .hasMessageStartingWith("OMDB_CLIENT_SHARE ").hasMessageContaining("'many'");
    }

    @Test
    void namesTheVariableOfABadValue() {
        assertThatThrownBy(() -> CinemixSettings.from(props("MAX_THRESHOLD", "abc")))
                .hasMessageStartingWith("MAX_THRESHOLD ").hasMessageContaining("'abc'");
        assertThatThrownBy(() -> CinemixSettings.from(props("MANAGEMENT_PORT", "metrics")))
                .hasMessageStartingWith("MANAGEMENT_PORT ");
        assertThatThrownBy(() -> CinemixSettings.from(props("MANAGEMENT_PORT", "8000")))
                .hasMessage("MANAGEMENT_PORT must differ from PORT (8000), got '8000'.");
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
