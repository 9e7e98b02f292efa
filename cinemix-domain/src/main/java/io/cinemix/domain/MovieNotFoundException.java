package io.cinemix.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * No title has this IMDb id; {@link #rememberedFor()} says how much longer that answer will be given without asking
 * the upstream again (the negative cache's time left), when it is remembered.
 */
public final class MovieNotFoundException extends CinemixException {
    private final ImdbId id;
    private final Optional<Duration> rememberedFor;

    public MovieNotFoundException(ImdbId id) {
        this(id, Optional.empty());
    }

    public MovieNotFoundException(ImdbId id, Optional<Duration> rememberedFor) {
        super("No movie has the id " + id.value() + ".");
        this.id = id;
        this.rememberedFor = Objects.requireNonNull(rememberedFor, "rememberedFor");
    }

    public ImdbId id() {
        return id;
    }

    public Optional<Duration> rememberedFor() {
        return rememberedFor;
    }
}
