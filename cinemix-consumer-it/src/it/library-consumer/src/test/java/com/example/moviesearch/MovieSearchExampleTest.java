package com.example.moviesearch;

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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the example against cinemix's OMDb stub (OMDb's exact answers, on a free local port) and a real Redis (a
 * redis-server from the PATH on a free port, or REDIS_URL's). It prints what the example printed, and writes it to
 * target/example-output.txt for postbuild.groovy.
 */
class MovieSearchExampleTest {
    @Test
    void findsMoviesAndCachesThemInRedis() throws IOException {
        String apiKey = "K3Y-SENTINEL-consumer";
        LocalRedis redis = LocalRedis.shared();
        try (OmdbStub omdb = new OmdbStub(apiKey)) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

            MovieSearchExample.run(redis.url(), apiKey, URI.create(omdb.baseUrl()), out);

            String printed = captured.toString(StandardCharsets.UTF_8);
            System.out.print(printed);
            Files.writeString(Path.of("target", "example-output.txt"), printed, StandardCharsets.UTF_8);
            assertEquals(List.of("tt0372784 Batman Begins", "tt0103359 Batman: The Animated Series",
                    "Batman Begins STORED", "Batman Begins HIT"), printed.lines().toList());
            assertEquals(":1", redis.command("EXISTS", "movie_tt0372784"), "the movie is stored in Redis");
            assertEquals(1, omdb.detailCalls("tt0372784"), "OMDb calls for the details");
        }
    }
}
