package io.cinemix.adapter.redis;

import io.cinemix.core.port.CachedMovie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LogCapture;
import io.cinemix.testsupport.Movies;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static org.assertj.core.api.Assertions.assertThat;

class RedisMovieCacheTest {
    private static final ImdbId SERENITY = ImdbId.of("tt0379786");
    private static final Duration HOUR = Duration.ofSeconds(3600);

    private LocalRedis redis;
    private RedisCommands<String, String> admin;
    private RedisConnection connection;
    private RedisMovieCache cache;

    @BeforeEach
    void connect() {
        redis = LocalRedis.shared();
        admin = admin(redis);
        connection = RedisConnection.open(settings(redis));
        cache = new RedisMovieCache(connection);
    }

    @AfterEach
    void disconnect() {
        connection.close();
    }

    @Test
    void readsBackExactlyTheDetailsItStored() {
        MovieDetails movie = Movies.full(SERENITY.value());

        cache.put(movie, Plot.SHORT, HOUR);

        assertThat(cache.get(SERENITY, Plot.SHORT)).map(CachedMovie::movie).contains(movie);
    }

    @Test
    void readsBackAnEpisodeWithItsSeriesIdAndNulls() {
        MovieDetails episode = Movies.episode("tt0579539");

        cache.put(episode, Plot.SHORT, HOUR);

        assertThat(cache.get(episode.imdbId(), Plot.SHORT)).map(CachedMovie::movie).contains(episode);
    }

    @Test
    void answersTheKeysRemainingTimeToLiveNoLongerThanTheTtlStored() {
        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);

        Duration left = cache.get(SERENITY, Plot.SHORT).orElseThrow().timeToLive();

        assertThat(left).isLessThanOrEqualTo(HOUR).isGreaterThan(HOUR.minusSeconds(30));
        assertThat(admin.ttl("movie_tt0379786")).isBetween(3570L, 3600L);
    }

    @Test
    void answersTheTimeLeftOfAnAgedEntry() {
        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        admin.expire("movie_tt0379786", 42);

        Duration left = cache.get(SERENITY, Plot.SHORT).orElseThrow().timeToLive();

        assertThat(left).isLessThanOrEqualTo(Duration.ofSeconds(42)).isGreaterThan(Duration.ofSeconds(30));
    }

    @Test
    void roundsASubSecondTtlUpToWholeSeconds() {
        assertThat(RedisMovieCache.expirySeconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(RedisMovieCache.expirySeconds(Duration.ofSeconds(3600))).isEqualTo(3600);
    }

    @Test
    void storesThePublicSnakeCaseJsonWithEveryKeyInOrder() throws Exception {
        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);

        JsonNode stored = new ObjectMapper().readTree(admin.get("movie_tt0379786"));

        List<String> keys = new ArrayList<>();
        stored.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("imdb_id", "title", "year", "rated", "released", "runtime", "genre",
                "director", "writer", "actors", "plot", "language", "country", "awards", "poster", "ratings",
                "metascore", "imdb_rating", "imdb_votes", "type", "dvd", "box_office", "production", "website",
                "total_seasons", "season", "episode", "series_id");
        assertThat(stored.get("imdb_id").asText()).isEqualTo("tt0379786");
        assertThat(stored.get("metascore").isInt()).isTrue();
        assertThat(stored.get("metascore").intValue()).isEqualTo(74);
        assertThat(stored.get("imdb_rating").isNumber()).isTrue();
        assertThat(stored.get("imdb_rating").doubleValue()).isEqualTo(7.8);
        assertThat(stored.get("imdb_votes").isIntegralNumber()).isTrue();
        assertThat(stored.get("imdb_votes").longValue()).isEqualTo(323_456L);
        assertThat(stored.get("box_office").asText()).isEqualTo("$25,514,517");
        assertThat(stored.get("ratings").toString())
                .isEqualTo("[{\"source\":\"Internet Movie Database\",\"value\":\"7.8/10\"},"
                        + "{\"source\":\"Rotten Tomatoes\",\"value\":\"83%\"}]");
        assertThat(stored.get("total_seasons").isNull()).isTrue();
        assertThat(stored.get("series_id").isNull()).isTrue();
    }

    @Test
    void storesAnEpisodesNumbersAsIntegersAndItsSeriesIdAsAString() throws Exception {
        cache.put(Movies.episode("tt0579539"), Plot.SHORT, HOUR);

        JsonNode stored = new ObjectMapper().readTree(admin.get("movie_tt0579539"));

        assertThat(stored.get("season").isInt()).isTrue();
        assertThat(stored.get("episode").intValue()).isEqualTo(1);
        assertThat(stored.get("series_id").asText()).isEqualTo("tt0303461");
        assertThat(stored.get("ratings").isArray()).isTrue();
        assertThat(stored.get("ratings").size()).isZero();
        assertThat(stored.get("rated").isNull()).isTrue();
        assertThat(stored.get("metascore").isNull()).isTrue();
    }

    @Test
    void keepsTheFullPlotUnderItsOwnKey() {
        MovieDetails full = Movies.full(SERENITY.value());

        cache.put(full, Plot.FULL, HOUR);

        assertThat(admin.exists("movie_tt0379786_full")).isEqualTo(1);
        assertThat(admin.exists("movie_tt0379786")).isZero();
        assertThat(cache.get(SERENITY, Plot.FULL)).map(CachedMovie::movie).contains(full);
        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();
    }

    @Test
    void remembersUnknownIdsUnderTheirOwnMissingKeyForTheTtl() {
        cache.putMissing(SERENITY, Duration.ofSeconds(300));

        assertThat(cache.isKnownMissing(SERENITY)).isTrue();
        assertThat(cache.isKnownMissing(ImdbId.of("tt0000001"))).isFalse();
        assertThat(admin.ttl("missing_tt0379786")).isBetween(290L, 300L);
        assertThat(cache.missingFor(SERENITY)).hasValueSatisfying(left -> assertThat(left)
                .isBetween(Duration.ofSeconds(290), Duration.ofSeconds(300)));
        assertThat(admin.keys("movie_*")).isEmpty();
        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();
    }

    @Test
    void anAbsentKeyIsAMiss() {
        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();
        assertThat(cache.misses()).isEqualTo(1);
        assertThat(cache.hits()).isZero();
        assertThat(cache.errors()).isZero();
    }

    @Test
    void aValueThatIsNotJsonIsAMissAndTheNextPutOverwritesIt() {
        admin.setex("movie_tt0379786", 3600, "<html>not json</html>");

        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();

        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        assertThat(cache.get(SERENITY, Plot.SHORT)).isPresent();
        assertThat(cache.errors()).isZero();
    }

    @Test
    void jsonThatIsNotAMovieIsAMiss() {
        admin.setex("movie_tt0379786", 3600, "{\"imdb_id\":\"tt0379786\"}");
        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();

        admin.setex("movie_tt0379786", 3600, "{\"imdb_id\":\"not-an-id\",\"title\":\"x\"}");
        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();

        admin.setex("movie_tt0379786", 3600, "[1,2,3]");
        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();

        admin.setex("movie_tt0379786", 3600, "{\"imdb_id\":\"tt0379786\",\"title\":\"x\",\"imdb_rating\":\"high\"}");
        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();
    }

    @Test
    void aKeyOfTheWrongTypeIsAMissAndTheNextPutOverwritesIt() {
        admin.rpush("movie_tt0379786", "a", "b");

        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();
        assertThat(cache.errors()).isZero();

        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        assertThat(cache.get(SERENITY, Plot.SHORT)).isPresent();
    }

    @Test
    void anotherMoviesDetailsUnderAKeyAreAMiss() {
        cache.put(Movies.full("tt0000002"), Plot.SHORT, HOUR);
        admin.rename("movie_tt0000002", "movie_tt0379786");

        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();
    }

    @Test
    void aValueWithoutExpiryIsAMiss() {
        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        admin.persist("movie_tt0379786");

        assertThat(cache.get(SERENITY, Plot.SHORT)).isEmpty();
    }

    @Test
    void unknownExtraKeysInTheStoredJsonAreIgnored() throws Exception {
        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper()
                .readTree(admin.get("movie_tt0379786"));
        node.put("added_later", true);
        admin.setex("movie_tt0379786", 3600, node.toString());

        assertThat(cache.get(SERENITY, Plot.SHORT)).map(CachedMovie::movie).contains(Movies.full(SERENITY.value()));
    }

    @Test
    void leavesHitAndMissLinesToTheServiceAndWarnsOnlyAboutAnUnusableValue() {
        try (LogCapture log = LogCapture.of(RedisMovieCache.class)) {
            cache.get(SERENITY, Plot.SHORT);
            cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
            cache.get(SERENITY, Plot.SHORT);
            admin.setex("movie_tt0379786_full", 60, "garbage");
            cache.get(SERENITY, Plot.FULL);

            // CachingMovieSearch logs every hit (INFO) and miss (WARN) once; the adapter adds only what it alone sees.
            assertThat(log.lines("WARN")).singleElement().asString().contains("movie_tt0379786_full");
            assertThat(log.lines("INFO")).isEmpty();
        }
    }

    @Test
    void countsHitsAndMisses() {
        cache.get(SERENITY, Plot.SHORT);
        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        cache.get(SERENITY, Plot.SHORT);
        cache.get(SERENITY, Plot.SHORT);

        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(1);
    }

    @Test
    void readsStillWorkAfterRedisForgotTheScript() {
        cache.put(Movies.full(SERENITY.value()), Plot.SHORT, HOUR);
        assertThat(cache.get(SERENITY, Plot.SHORT)).isPresent();

        admin.scriptFlush();

        assertThat(cache.get(SERENITY, Plot.SHORT)).isPresent();
        assertThat(cache.errors()).isZero();
    }

    @Test
    void rejectsANonPositiveTtlAsAProgrammingError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> cache.put(Movies.full(SERENITY.value()), Plot.SHORT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Optional.ofNullable(admin.get("movie_tt0379786"))).isEmpty();
    }
}
