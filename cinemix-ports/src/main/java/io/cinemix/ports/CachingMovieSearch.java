package io.cinemix.ports;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link MovieSearch} use case over a {@link MovieCatalog} and a {@link MovieCache}: details are cache-aside
 * (read the cache, on a miss fetch upstream and store for the TTL); searches by title always go upstream. Failures are
 * never stored. A failing cache is logged at ERROR and otherwise ignored.
 *
 * <p>Logs through {@link System.Logger} (the core needs no logging library): INFO cache hits and upstream fetches,
 * WARN cache misses, ERROR cache failures.
 */
public final class CachingMovieSearch implements MovieSearch {
    private static final Logger LOG = System.getLogger(CachingMovieSearch.class.getName());

    private final MovieCatalog catalog;
    private final MovieCache cache;
    private final Duration ttl;

    public CachingMovieSearch(MovieCatalog catalog, MovieCache cache, Duration ttl) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("The cache TTL must be positive, got " + ttl + ".");
        }
    }

    @Override
    public SearchPage search(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        return catalog.search(query);
    }

    @Override
    public Optional<MovieLookup> findById(ImdbId id, Plot plot) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plot, "plot");
        Optional<CachedMovie> cached = cachedDetails(id, plot);
        if (cached.isPresent()) {
            LOG.log(Level.INFO, "Cache hit for {0}", CacheKeys.details(id, plot));
            return Optional.of(new MovieLookup(cached.get().movie(), CacheStatus.HIT));
        }
        LOG.log(Level.WARNING, "Cache miss for {0}", CacheKeys.details(id, plot));
        Optional<MovieDetails> fetched = catalog.findById(id, plot);
        if (fetched.isEmpty()) {
            return Optional.empty();
        }
        LOG.log(Level.INFO, "Fetched {0} from the upstream catalog", id);
        return Optional.of(new MovieLookup(fetched.get(), store(fetched.get(), plot)));
    }

    private Optional<CachedMovie> cachedDetails(ImdbId id, Plot plot) {
        try {
            return cache.get(id, plot).filter(entry -> entry.movie().imdbId().equals(id));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Cache read failed for {0}; answering from the upstream: {1}",
                    CacheKeys.details(id, plot), e.toString());
            return Optional.empty();
        }
    }

    private CacheStatus store(MovieDetails movie, Plot plot) {
        try {
            cache.put(movie, plot, ttl);
            return CacheStatus.STORED;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Cache write failed for {0}: {1}", CacheKeys.details(movie.imdbId(), plot), e.toString());
            return CacheStatus.NOT_STORED;
        }
    }
}
