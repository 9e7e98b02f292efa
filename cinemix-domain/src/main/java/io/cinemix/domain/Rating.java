package io.cinemix.domain;

import java.util.Objects;

/** One rating as a source states it, e.g. ("Rotten Tomatoes", "70%"). */
public record Rating(String source, String value) {
    public Rating {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(value, "value");
    }
}
