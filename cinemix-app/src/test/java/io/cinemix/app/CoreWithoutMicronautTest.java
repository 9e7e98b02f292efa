package io.cinemix.app;

import io.cinemix.core.CachingMovieSearch;

import io.cinemix.core.port.MovieSearch;

import io.cinemix.adapter.omdb.OmdbMovieCatalog;
import io.cinemix.adapter.omdb.OmdbSettings;
import io.cinemix.adapter.redis.RedisConnection;
import io.cinemix.adapter.redis.RedisMovieCache;
import io.cinemix.adapter.redis.RedisSettings;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/library.md ("Using the core as a library") true: the code between the README markers below is the code
 * on that page (compared line by line), and it runs here against the OMDb stub and a real Redis.
 */
class CoreWithoutMicronautTest {
    private static final Path LIBRARY_PAGE = Path.of("..", "docs", "library.md");

    @Test
    void theLibraryPagesExampleIsThisCode() throws IOException {
        assertThat(block(Files.readAllLines(LIBRARY_PAGE), "```java", "```"))
                .isEqualTo(block(Files.readAllLines(Path.of("src/test/java/io/cinemix/app/CoreWithoutMicronautTest.java")),
                        "// README:start", "// README:end"));
    }

    @Test
    void theReadmeExampleFindsMoviesAndCachesThemInRedis() {
        String apiKey = "K3Y-SENTINEL-core";
        LocalRedis localRedis = LocalRedis.shared();
        try (OmdbStub stub = new OmdbStub(apiKey)) {
            String redisUrl = localRedis.url();
            URI omdbUrl = URI.create(stub.baseUrl());
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

            // README:start
            try (RedisConnection redis = RedisConnection.open(RedisSettings.of(redisUrl))) {
                MovieSearch movies = new CachingMovieSearch(
                        new OmdbMovieCatalog(OmdbSettings.of(apiKey).withBaseUrl(omdbUrl)),
                        new RedisMovieCache(redis),
                        Duration.ofHours(1));

                movies.search(SearchQuery.of("batman")).page().results()
                        .forEach(movie -> out.println(movie.imdbId() + " " + movie.title()));
                movies.findById(ImdbId.of("tt0372784"), Plot.SHORT)
                        .ifPresent(found -> out.println(found.movie().title() + " " + found.cacheStatus()));
                movies.findById(ImdbId.of("tt0372784"), Plot.SHORT)
                        .ifPresent(found -> out.println(found.movie().title() + " " + found.cacheStatus()));
            }
            // README:end

            assertThat(captured.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                    "tt0372784 Batman Begins", "tt0103359 Batman: The Animated Series",
                    "Batman Begins STORED", "Batman Begins HIT");
            assertThat(localRedis.command("EXISTS", "movie_tt0372784")).isEqualTo(":1");
            assertThat(stub.detailCalls("tt0372784")).isEqualTo(1);
        }
    }

    /** The stripped code lines (no blank or comment line) strictly between the first {@code start} line after "without Micronaut" and {@code end}. */
    private static List<String> block(List<String> lines, String start, String end) {
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("without Micronaut") && lines.get(i).startsWith("#")) {
                from = i;
            }
        }
        int open = -1;
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(start)) {
                open = i;
                break;
            }
        }
        assertThat(open).as("a '" + start + "' line").isNotNegative();
        int close = open + 1;
        while (close < lines.size() && !lines.get(close).strip().equals(end)) {
            close++;
        }
        return lines.subList(open + 1, close).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("//")).toList();
    }
}
