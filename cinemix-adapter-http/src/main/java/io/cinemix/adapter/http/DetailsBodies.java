package io.cinemix.adapter.http;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON bodies of details answers, serialised once per cached entry rather than once per request: while the cache
 * hands out the same details (a near-cache hit returns the very same instance), the stored bytes are sent again.
 * Bodies are kept per (id, plot), at most {@code maxEntries}; the oldest insertion is not tracked, so when full the
 * memo simply starts over. A body is reused only for details equal to those it was made from, so a refreshed entry is
 * never answered with the old one's bytes.
 */
final class DetailsBodies {
    private record Body(MovieDetails movie, byte[] json) {
    }

    private final JsonMapper json;
    private final int maxEntries;
    private record Key(ImdbId id, Plot plot) {
    }

    private final ConcurrentHashMap<Key, Body> bodies = new ConcurrentHashMap<>();

    DetailsBodies(JsonMapper json, int maxEntries) {
        this.json = Objects.requireNonNull(json, "json");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries + ".");
        }
        this.maxEntries = maxEntries;
    }

    /** The JSON of {@link MovieDetailsResponse#from(MovieDetails) the wire form} of {@code movie}. */
    byte[] of(MovieDetails movie, Plot plot) {
        Key key = new Key(movie.imdbId(), plot);
        Body body = bodies.get(key);
        if (body != null && body.movie() == movie) {
            return body.json();
        }
        if (body != null && body.movie().equals(movie)) {
            // The same details read anew (from Redis, say): keep this instance, which the near cache now hands out.
            bodies.put(key, new Body(movie, body.json()));
            return body.json();
        }
        byte[] serialised = serialise(movie);
        if (bodies.size() >= maxEntries) {
            bodies.clear();
        }
        bodies.put(key, new Body(movie, serialised));
        return serialised;
    }

    private byte[] serialise(MovieDetails movie) {
        try {
            return json.writeValueAsBytes(MovieDetailsResponse.from(movie));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialise the details of " + movie.imdbId() + ".", e);
        }
    }
}
