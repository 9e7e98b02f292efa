package io.cinemix.domain;

import java.util.Locale;

/** How long a plot to fetch with the details. */
public enum Plot {
    SHORT, FULL;

    /** Spelt once: {@link #parse} runs on every details request. */
    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Plot parse(String text) {
        for (Plot plot : values()) {
            if (plot.wireName.equals(text)) {
                return plot;
            }
        }
        throw new InvalidInputException("The plot must be short or full.");
    }
}
