package io.cinemix.adapter.redis;

import io.cinemix.core.port.SearchKey;

import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.testsupport.LocalRedis;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static org.assertj.core.api.Assertions.assertThat;

class RedisSearchCacheTest {
    private static final SearchKey BATMAN = SearchKey.of(SearchQuery.of("Batman"));
    private static final SearchTerms B = SearchTerms.of(SearchKey.of(SearchQuery.of("b")));
    private static final String B_KEY = RedisKeys.tooBroad(B);
    private static final SearchPage PAGE = new SearchPage(List.of(
            new MovieSummary(ImdbId.of("tt0372784"), "Batman Begins", "2005", "movie", Optional.of("https://p/1.jpg")),
            new MovieSummary(ImdbId.of("tt0096895"), "Batman", "1989", "movie", Optional.empty())), 42, 1);

    private RedisCommands<String, String> admin;
    private RedisConnection connection;
    private RedisSearchCache cache;

    @BeforeEach
    void connect() {
        LocalRedis redis = LocalRedis.shared();
        admin = admin(redis);
        admin.del(RedisKeys.search(BATMAN), RedisKeys.search(SearchKey.of(SearchQuery.of("b").withPage(2))), B_KEY,
                RedisKeys.tooBroad(SearchTerms.of(BATMAN)));
        connection = RedisConnection.open(settings(redis));
        cache = new RedisSearchCache(connection);
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    @Test
    void readsBackThePageItStoredWithTheTimeItHasLeft() {
        assertThat(cache.put(BATMAN, PAGE, Duration.ofSeconds(600))).isTrue();

        CachedSearch cached = cache.get(SearchKey.of(SearchQuery.of("batman"))).orElseThrow();

        assertThat(cached.page()).isEqualTo(PAGE);
        assertThat(cached.timeToLive()).isBetween(Duration.ofSeconds(590), Duration.ofSeconds(600));
        assertThat(admin.ttl(RedisKeys.search(BATMAN))).isBetween(590L, 600L);
    }

    @Test
    void storesThePublicSnakeCaseShapeUnderSearchAndTheHash() throws Exception {
        cache.put(BATMAN, PAGE, Duration.ofSeconds(600));

        JsonNode stored = new ObjectMapper().readTree(admin.get(RedisKeys.search(BATMAN)));

        assertThat(RedisKeys.search(BATMAN)).matches("search_[0-9a-f]{64}");
        assertThat(stored.get("total_results").asLong()).isEqualTo(42);
        assertThat(stored.get("results").get(0).get("imdb_id").asText()).isEqualTo("tt0372784");
        assertThat(stored.get("results").get(1).get("poster").isNull()).isTrue();
    }

    @Test
    void readsAMissForAValueThatIsNotAPageOrHasNoExpiry() {
        admin.set(RedisKeys.search(BATMAN), "not json");
        assertThat(cache.get(BATMAN)).isEmpty();

        admin.set(RedisKeys.search(BATMAN), "{\"page\":1,\"total_results\":0,\"results\":[]}");
        assertThat(cache.get(BATMAN)).as("no expiry").isEmpty();
    }

    @Test
    void answersAMissAndNotStoredWhileRedisIsUnreachable() {
        connection.close();

        assertThat(cache.put(BATMAN, PAGE, Duration.ofSeconds(600))).isFalse();
        assertThat(cache.get(BATMAN)).isEmpty();
        assertThat(cache.errors()).isEqualTo(2);
    }

    @Test
    void remembersTooBroadTermsUnderTooBroadAndTheHashForTheirTtl() {
        assertThat(cache.rememberTooBroad(B, Duration.ofSeconds(300))).isTrue();

        assertThat(B_KEY).matches("too_broad_[0-9a-f]{64}");
        assertThat(admin.get(B_KEY)).isEqualTo("1");
        assertThat(admin.ttl(B_KEY)).isBetween(295L, 300L);
        assertThat(cache.isTooBroad(SearchTerms.of(SearchKey.of(SearchQuery.of(" B ").withPage(4))))).isTrue();
        assertThat(cache.isTooBroad(SearchTerms.of(BATMAN))).isFalse();
    }

    @Test
    void readsThePageAndTheTooBroadMarkerInOneRoundTrip() {
        SearchKey bPage2 = SearchKey.of(SearchQuery.of("b").withPage(2));
        cache.put(BATMAN, PAGE, Duration.ofSeconds(600));
        cache.rememberTooBroad(B, Duration.ofSeconds(300));

        long before = connection.roundTrips();
        SearchRead batman = cache.read(BATMAN);
        SearchRead b = cache.read(bPage2);
        long trips = connection.roundTrips() - before;

        assertThat(batman.page()).map(CachedSearch::page).contains(PAGE);
        assertThat(batman.tooBroad()).isFalse();
        assertThat(b).isEqualTo(new SearchRead(Optional.empty(), true));
        assertThat(trips).as("one round trip per read").isEqualTo(2);
        admin.set(RedisKeys.search(bPage2), "{\"page\":2,\"total_results\":0,\"results\":[]}");
        admin.expire(RedisKeys.search(bPage2), 60);
        assertThat(cache.read(bPage2).page()).as("a stored page is read with the marker").isPresent();
        admin.del(RedisKeys.search(bPage2));
    }

    @Test
    void forgetsTheTooBroadMarkerWhenItExpiresAndIgnoresOneWithoutExpiry() throws Exception {
        cache.rememberTooBroad(B, Duration.ofSeconds(1));
        assertThat(cache.isTooBroad(B)).isTrue();
        admin.pexpire(B_KEY, 1);
        Thread.sleep(5);

        assertThat(cache.isTooBroad(B)).isFalse();
        assertThat(cache.read(SearchKey.of(SearchQuery.of("b")))).isEqualTo(SearchRead.NOTHING);
        admin.set(B_KEY, "1");
        assertThat(cache.isTooBroad(B)).as("no expiry").isFalse();
        assertThat(cache.read(SearchKey.of(SearchQuery.of("b"))).tooBroad()).as("no expiry").isFalse();
    }

    @Test
    void answersNotKnownTooBroadAndNotRememberedWhileRedisIsUnreachable() {
        cache.rememberTooBroad(B, Duration.ofSeconds(300));
        connection.close();

        assertThat(cache.rememberTooBroad(B, Duration.ofSeconds(300))).isFalse();
        assertThat(cache.isTooBroad(B)).isFalse();
        assertThat(cache.read(SearchKey.of(SearchQuery.of("b")))).isEqualTo(SearchRead.NOTHING);
        assertThat(cache.errors()).isEqualTo(3);
    }
}
