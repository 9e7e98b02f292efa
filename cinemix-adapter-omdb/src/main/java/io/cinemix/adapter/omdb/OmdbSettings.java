package io.cinemix.adapter.omdb;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach OMDb: the base URL (OMDb answers on its root path), the API key, the connect timeout, the request
 * timeout (a total deadline for one call, body included), how many upstream calls may be in flight at once, and the
 * largest response body accepted. {@link #toString()} never prints the key, and no validation message quotes it.
 */
public record OmdbSettings(
        URI baseUrl,
        String apiKey,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxConcurrentCalls,
        int maxBodyBytes) {

    static final URI DEFAULT_BASE_URL = URI.create("https://www.omdbapi.com/");
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_MAX_CONCURRENT_CALLS = 32;
    static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

    public OmdbSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!baseUrl.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("The OMDb base URL must be an absolute http(s) URL with a host.");
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The OMDb base URL must have no query, fragment or user info.");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("The OMDb API key is required.");
        }
        if (!apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("The OMDb API key must be printable ASCII without spaces.");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1.");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1.");
        }
    }

    /** The defaults: OMDb's public HTTPS endpoint, 2 s to connect, 5 s per call, 32 calls in flight, 256 KiB bodies. */
    public static OmdbSettings of(String apiKey) {
        return new OmdbSettings(DEFAULT_BASE_URL, apiKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_CONCURRENT_CALLS, DEFAULT_MAX_BODY_BYTES);
    }

    public OmdbSettings withBaseUrl(URI newBaseUrl) {
        return new OmdbSettings(newBaseUrl, apiKey, connectTimeout, requestTimeout, maxConcurrentCalls, maxBodyBytes);
    }

    @Override
    public String toString() {
        return "OmdbSettings[baseUrl=" + baseUrl + ", apiKey=***, connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", maxConcurrentCalls=" + maxConcurrentCalls
                + ", maxBodyBytes=" + maxBodyBytes + "]";
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive.");
        }
    }
}
