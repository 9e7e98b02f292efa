package io.cinemix.ports;

/** For tests about what was found and how, not for how long it stays fresh (see {@code FreshnessTest}). */
final class Lookups {
    private Lookups() {
    }

    static MovieLookup ignoringFreshness(MovieLookup lookup) {
        return new MovieLookup(lookup.movie(), lookup.cacheStatus());
    }
}
