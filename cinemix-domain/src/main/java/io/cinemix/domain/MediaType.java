package io.cinemix.domain;

import java.util.Locale;

/** The kinds of title a search can be narrowed to. Results may carry other types (OMDb also returns "game"). */
public enum MediaType {
    MOVIE, SERIES, EPISODE;

    /** The lower-case name used by OMDb and by the HTTP API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MediaType parse(String text) {
        for (MediaType type : values()) {
            if (type.wireName().equals(text)) {
                return type;
            }
        }
        throw new InvalidInputException("The type must be one of movie, series or episode.");
    }
}
