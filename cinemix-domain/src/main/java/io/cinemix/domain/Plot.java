package io.cinemix.domain;

import java.util.Locale;

/** How long a plot to fetch with the details. */
public enum Plot {
    SHORT, FULL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Plot parse(String text) {
        for (Plot plot : values()) {
            if (plot.wireName().equals(text)) {
                return plot;
            }
        }
        throw new InvalidInputException("The plot must be short or full.");
    }
}
