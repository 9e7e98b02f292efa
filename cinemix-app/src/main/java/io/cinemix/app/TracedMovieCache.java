package io.cinemix.app;

import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.Requester;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.opentelemetry.api.trace.Span;

import java.time.Duration;
import java.util.Optional;

/**
 * A span per read of the details cache that may ask its store ({@code cinemix.cache.read}, with
 * {@code cinemix.cache.result}); when the read claims the fetch in the same step ({@link #readOrClaim}), the lease and
 * the budget spent are attributes of it ({@code cinemix.lease.granted}, {@code cinemix.budget.outcome}), and a lease
 * found held elsewhere is a {@code cinemix.lease} span lasting the wait. Writes and the in-memory {@link #peek} pass
 * through untraced (a write's Redis command has its own span).
 */
final class TracedMovieCache implements MovieCache {
    private static final String READ = "cinemix.cache.read";
    private final MovieCache cache;
    private final Traces traces;

    TracedMovieCache(MovieCache cache, Traces traces) {
        this.cache = cache;
        this.traces = traces;
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        return traces.inSpan(READ, () -> cache.get(id, plot),
                (span, entry) -> span.setAttribute("cinemix.cache.result", entry.isPresent() ? "hit" : "miss"));
    }

    @Override
    public CacheRead read(ImdbId id, Plot plot) {
        return traces.inSpan(READ, () -> cache.read(id, plot),
                (span, read) -> span.setAttribute("cinemix.cache.result", result(read)));
    }

    private static String result(CacheRead read) {
        return read.entry().isPresent() ? "hit" : read.missingFor().isPresent() ? "known-missing" : "miss";
    }

    @Override
    public ColdRead<CacheRead> readOrClaim(DetailsKey key, Requester requester) {
        ColdRead<CacheRead> cold = traces.inSpan(READ, () -> cache.readOrClaim(key, requester), (span, read) -> {
            span.setAttribute("cinemix.cache.result", result(read.read()));
            claim(span, read);
        });
        cold.lease().filter(lease -> !lease.granted()).ifPresent(traces::leaseWait);
        return cold;
    }

    /** The lease and the budget spent by a read that claimed the fetch, as attributes of the read's span. */
    static void claim(Span span, ColdRead<?> read) {
        read.lease().ifPresent(lease -> span.setAttribute("cinemix.lease.granted", lease.granted()));
        read.spend().ifPresent(spend -> span.setAttribute("cinemix.budget.outcome",
                spend.outcome().name().toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        return cache.put(movie, plot, ttl);
    }

    @Override
    public boolean putReleasing(MovieDetails movie, Plot plot, Duration ttl, FetchLeases.Lease lease) {
        return cache.putReleasing(movie, plot, ttl, lease);
    }

    @Override
    public Optional<CachedMovie> peek(ImdbId id, Plot plot) {
        return cache.peek(id, plot);
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        return traces.inSpan(READ, () -> cache.missingFor(id), (span, missing) ->
                span.setAttribute("cinemix.cache.result", missing.isPresent() ? "known-missing" : "miss"));
    }

    @Override
    public boolean isKnownMissing(ImdbId id) {
        return missingFor(id).isPresent();
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        return cache.putMissing(id, ttl);
    }
}
