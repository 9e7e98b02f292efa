package io.cinemix.domain;

import java.util.Locale;

/**
 * An IMDb title id: {@code tt} followed by 7 to 10 digits. Input is lower-cased, never trimmed, so {@code TT0372784}
 * is {@code tt0372784} and {@code " tt0372784"} is rejected.
 */
public record ImdbId(String value) {
    public ImdbId {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("The id is required, e.g. tt0372784.");
        }
        value = value.toLowerCase(Locale.ROOT);
        if (!wellFormed(value)) {
            throw new InvalidInputException("The id must be 'tt' followed by 7 to 10 digits, e.g. tt0372784.");
        }
    }

    public static ImdbId of(String value) {
        return new ImdbId(value);
    }

    /** {@code tt} and 7 to 10 ASCII digits (checked on every request, so without a regex). */
    private static boolean wellFormed(String value) {
        int length = value.length();
        if (length < 9 || length > 12 || value.charAt(0) != 't' || value.charAt(1) != 't') {
            return false;
        }
        for (int i = 2; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
