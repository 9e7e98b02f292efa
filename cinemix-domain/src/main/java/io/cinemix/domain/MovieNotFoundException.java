package io.cinemix.domain;

/** No title has this IMDb id. */
public final class MovieNotFoundException extends CinemixException {
    private final ImdbId id;

    public MovieNotFoundException(ImdbId id) {
        super("No movie has the id " + id.value() + ".");
        this.id = id;
    }

    public ImdbId id() {
        return id;
    }
}
