package io.cinemix.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An IMDb title id: {@code tt} followed by 7 to 10 digits. Input is lower-cased, never trimmed, so {@code TT0372784}
 * is {@code tt0372784} and {@code " tt0372784"} is rejected.
 */
public record ImdbId(String value) {
    private static final Pattern FORMAT = Pattern.compile("tt\\d{7,10}");

    public ImdbId {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("The id is required, e.g. tt0372784.");
        }
        value = value.toLowerCase(Locale.ROOT);
        if (!FORMAT.matcher(value).matches()) {
            throw new InvalidInputException("The id must be 'tt' followed by 7 to 10 digits, e.g. tt0372784.");
        }
    }

    public static ImdbId of(String value) {
        return new ImdbId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
