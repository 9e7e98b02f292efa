package io.cinemix.adapter.http;

import io.micronaut.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.zip.GZIPOutputStream;

/**
 * The JSON bodies of cached answers (details, search pages), serialised once per cached entry rather than once per
 * request: while the cache hands out the same value (a near-cache hit returns the very same instance; a Redis read an
 * equal one), the stored bytes are sent again. Bodies are kept per key, at most {@code maxEntries}; the oldest
 * insertion is not tracked, so when full the memo simply starts over. A body is reused only for a value equal to the
 * one it was made from, so a refreshed entry is never answered with the old one's bytes. Each body's strong
 * {@code ETag} is computed with it, once; its gzipped bytes when first asked for, once (two requests asking at the
 * same moment may both compress; either result is kept, they are equal).
 *
 * @param <K> what names an answer (its cache key, and whatever else its wire form shows)
 * @param <V> the domain value the answer is made of
 */
final class AnswerBodies<K, V> {
    /** Bodies of at least this many bytes are worth gzipping; smaller ones are always sent as they are. */
    static final int GZIP_THRESHOLD = 1024;

    /**
     * A body, its entity tag (a quoted, truncated base64url SHA-256 of the bytes, RFC 9110 §8.8.3), and its gzipped
     * bytes once a request has wanted them.
     */
    static final class Body {
        private final byte[] json;
        private final String etag;
        private final LongAdder compressions;
        private volatile byte[] gzipped;

        private Body(byte[] json, String etag, LongAdder compressions) {
            this.json = json;
            this.etag = etag;
            this.compressions = compressions;
        }

        byte[] json() {
            return json;
        }

        String etag() {
            return etag;
        }

        /** Whether the body is big enough to be gzipped ({@link #GZIP_THRESHOLD}). */
        boolean compressible() {
            return json.length >= GZIP_THRESHOLD;
        }

        /** The body gzipped (deflate level 6, as Netty's compression did), compressed on the first call only. */
        byte[] gzipped() {
            byte[] bytes = gzipped;
            if (bytes == null) {
                bytes = gzip(json);
                compressions.increment();
                gzipped = bytes;
            }
            return bytes;
        }
    }

    private record Memo<V>(V value, Body body) {
    }

    private final JsonMapper json;
    private final int maxEntries;
    private final BiFunction<K, V, Object> wireForm;
    private final ConcurrentHashMap<K, Memo<V>> bodies = new ConcurrentHashMap<>();
    private final LongAdder compressions = new LongAdder();

    /** @param wireForm the HTTP DTO of a value, given its key */
    AnswerBodies(JsonMapper json, int maxEntries, BiFunction<K, V, Object> wireForm) {
        this.json = Objects.requireNonNull(json, "json");
        this.wireForm = Objects.requireNonNull(wireForm, "wireForm");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries + ".");
        }
        this.maxEntries = maxEntries;
    }

    /** The JSON of the wire form of {@code value}, and its tag. */
    Body of(K key, V value) {
        Memo<V> memo = bodies.get(key);
        if (memo != null && memo.value() == value) {
            return memo.body();
        }
        if (memo != null && memo.value().equals(value)) {
            // The same value read anew (from Redis, say): keep this instance, which the near cache now hands out.
            bodies.put(key, new Memo<>(value, memo.body()));
            return memo.body();
        }
        byte[] serialised = serialise(key, value);
        Body body = new Body(serialised, etag(serialised), compressions);
        if (bodies.size() >= maxEntries) {
            bodies.clear();
        }
        bodies.put(key, new Memo<>(value, body));
        return body;
    }

    /** How many bodies this memo has gzipped: once each, however often they are sent. For tests. */
    long compressions() {
        return compressions.sum();
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

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length / 2 + 32);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail.", e);
        }
        return bytes.toByteArray();
    }

    private byte[] serialise(K key, V value) {
        try {
            return json.writeValueAsBytes(wireForm.apply(key, value));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialise the answer for " + key + ".", e);
        }
    }
}
