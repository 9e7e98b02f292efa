package io.cinemix.adapter.http;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON bodies of details answers, serialised once per cached entry rather than once per request: while the cache
 * hands out the same details (a near-cache hit returns the very same instance), the stored bytes are sent again.
 * Bodies are kept per (id, plot), at most {@code maxEntries}; the oldest insertion is not tracked, so when full the
 * memo simply starts over. A body is reused only for details equal to those it was made from, so a refreshed entry is
 * never answered with the old one's bytes. Each body's strong {@code ETag} is computed with it, once.
 */
final class DetailsBodies {
    /** A details body and its entity tag: a quoted, truncated base64url SHA-256 of the bytes (RFC 9110 §8.8.3). */
    record Body(byte[] json, String etag) {
    }

    private record Memo(MovieDetails movie, Body body) {
    }

    private final JsonMapper json;
    private final int maxEntries;
    private record Key(ImdbId id, Plot plot) {
    }

    private final ConcurrentHashMap<Key, Memo> bodies = new ConcurrentHashMap<>();

    DetailsBodies(JsonMapper json, int maxEntries) {
        this.json = Objects.requireNonNull(json, "json");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries + ".");
        }
        this.maxEntries = maxEntries;
    }

    /** The JSON of {@link MovieDetailsResponse#from(MovieDetails) the wire form} of {@code movie}, and its tag. */
    Body of(MovieDetails movie, Plot plot) {
        Key key = new Key(movie.imdbId(), plot);
        Memo memo = bodies.get(key);
        if (memo != null && memo.movie() == movie) {
            return memo.body();
        }
        if (memo != null && memo.movie().equals(movie)) {
            // The same details read anew (from Redis, say): keep this instance, which the near cache now hands out.
            bodies.put(key, new Memo(movie, memo.body()));
            return memo.body();
        }
        byte[] serialised = serialise(movie);
        Body body = new Body(serialised, etag(serialised));
        if (bodies.size() >= maxEntries) {
            bodies.clear();
        }
        bodies.put(key, new Memo(movie, body));
        return body;
    }

    /** 128 bits of the SHA-256 of the body, base64url, quoted: a strong validator for these exact bytes. */
    static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256.", e);
        }
    }

    private byte[] serialise(MovieDetails movie) {
        try {
            return json.writeValueAsBytes(MovieDetailsResponse.from(movie));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialise the details of " + movie.imdbId() + ".", e);
        }
    }
}
