package com.example.moviesearch;

import io.cinemix.adapter.omdb.OmdbMovieCatalog;
import io.cinemix.adapter.omdb.OmdbSettings;
import io.cinemix.adapter.redis.RedisConnection;
import io.cinemix.adapter.redis.RedisMovieCache;
import io.cinemix.adapter.redis.RedisSettings;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.port.MovieSearch;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/** docs/library.md's example, as a library user writes it (postbuild.groovy compares the two). */
public final class MovieSearchExample {
    private MovieSearchExample() {
    }

    public static void main(String[] args) {
        String redisUrl = System.getenv().getOrDefault("REDIS_URL", "redis://localhost:6379");
        run(redisUrl, System.getenv("OMDB_API_KEY"), URI.create("https://www.omdbapi.com/"), System.out);
    }

    /** Searches "batman", then looks Batman Begins up twice, printing what it finds. */
    public static void run(String redisUrl, String apiKey, URI omdbUrl, PrintStream out) {
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
    }
}
