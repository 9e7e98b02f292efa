package io.cinemix.core.fake;

import io.cinemix.core.port.MovieLookup;

/** For tests about what was found and how, not for how long it stays fresh (see {@code FreshnessTest}). */
public final class Lookups {
    private Lookups() {
    }

    public static MovieLookup ignoringFreshness(MovieLookup lookup) {
        return new MovieLookup(lookup.movie(), lookup.cacheStatus());
    }
}
