package io.cinemix.adapter.http;

import java.util.List;
import java.util.Locale;

/**
 * Which content coding an answer is sent with, from the request's {@code Accept-Encoding} (RFC 9110 §12.5.3): gzip or
 * none ({@code identity}). Cinemix offers no other coding, so {@code *} means gzip.
 *
 * <p>gzip is chosen when its weight ({@code gzip} or {@code x-gzip} listed, else {@code *}'s, else 0) is above 0 and
 * at least {@code identity}'s (listed, else {@code *}'s, else 0: a client that lists only gzip, whatever its weight,
 * wants gzip). No header means identity: browsers always send one. When neither is acceptable ({@code identity;q=0}
 * alone, {@code *;q=0}), the header is disregarded and the body sent as is, as RFC 9110 §12.1 allows, rather than a
 * 406. A weight that is not a number from 0 to 1 counts as 0.
 */
final class ContentCoding {
    private ContentCoding() {
    }

    /** Whether to gzip, given every {@code Accept-Encoding} field line of the request (none: an empty list). */
    static boolean prefersGzip(List<String> acceptEncoding) {
        if (acceptEncoding.isEmpty()) {
            return false;
        }
        float gzip = -1;
        float identity = -1;
        float any = -1;
        for (String line : acceptEncoding) {
            for (String element : line.split(",")) {
                String[] parts = element.split(";", -1);
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                float weight = weight(parts);
                switch (coding) {
                    case "gzip", "x-gzip" -> gzip = Math.max(gzip, weight);
                    case "identity" -> identity = Math.max(identity, weight);
                    case "*" -> any = Math.max(any, weight);
                    default -> {
                        // a coding Cinemix does not offer (br, zstd, deflate, ...), or an empty element
                    }
                }
            }
        }
        float gzipWeight = gzip >= 0 ? gzip : Math.max(any, 0);
        float identityWeight = identity >= 0 ? identity : Math.max(any, 0);
        return gzipWeight > 0 && gzipWeight >= identityWeight;
    }

    /** The {@code q} parameter of an element's parameters (after the coding), 1 without one. */
    private static float weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() >= 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    float q = Float.parseFloat(parameter.substring(2).strip());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
