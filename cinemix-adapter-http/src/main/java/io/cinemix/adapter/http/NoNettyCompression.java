package io.cinemix.adapter.http;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.server.netty.DefaultHttpCompressionStrategy;
import io.micronaut.http.server.netty.HttpCompressionStrategy;
import io.netty.handler.codec.http.HttpResponse;
import jakarta.inject.Singleton;

/**
 * Turns Micronaut's Netty compression off, whatever {@code micronaut.server.netty.compression-threshold} says:
 * disabled, the server builds no compressor at all. Micronaut 4.10's compressor cannot be restricted to gzip: it
 * answers {@code Accept-Encoding: *} (and {@code gzip;q=0, *;q=1}) with snappy, which browsers and most HTTP clients
 * cannot decode, and it would compress a cached body again on every request. Details and search answers are gzipped
 * by {@link SearchController}, once per cached body; every other answer (errors, health, metrics, docs) is sent as is.
 */
@Singleton
@Replaces(DefaultHttpCompressionStrategy.class)
final class NoNettyCompression implements HttpCompressionStrategy {
    @Override
    public boolean isEnabled() {
        return false;
    }

    @Override
    public boolean shouldCompress(HttpResponse response) {
        return false;
    }

    @Override
    public int getMaxZstdEncodeSize() {
        return 0;
    }
}
