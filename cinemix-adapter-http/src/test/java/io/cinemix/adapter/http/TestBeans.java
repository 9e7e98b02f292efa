package io.cinemix.adapter.http;

import io.cinemix.adapter.memory.InProcessRateLimits;
import io.cinemix.adapter.memory.NearMovieCache;
import io.cinemix.core.CachePolicy;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.fake.InMemoryMovieCache;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.MovieCatalog;
import io.cinemix.core.port.MovieSearch;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.Movies;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.reflect.ClassUtils;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The beans the application would provide, built from hand-written fakes. Off where the app's own wiring is on the
 * classpath: cinemix-app's tests get this module's test classes (for {@link Http}) when the build or an IDE hands
 * them the test-classes folder instead of the test-jar.
 */
@Factory
@Requires(condition = TestBeans.OutsideTheApp.class)
final class TestBeans {

    /**
     * True unless cinemix-app's wiring is on the classpath (checked at run time: {@code missingClasses} is decided
     * when this module compiles, where the app is never present).
     */
    public static final class OutsideTheApp implements Condition {
        @Override
        public boolean matches(ConditionContext context) {
            return !ClassUtils.isPresent("io.cinemix.app.CinemixFactory", TestBeans.class.getClassLoader());
        }
    }

    static final MovieDetails BATMAN_BEGINS = Movies.batmanBegins();

    /**
     * The service's blocking dependencies, recording which threads call them, to prove the event loop never does:
     * every catalog call and every cache call but {@link MovieCache#peek} (memory only) may block in production.
     */
    static final class BlockingCallThreads implements MovieCatalog, MovieCache {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        private final CountingMovieCatalog catalog;
        private final InMemoryMovieCache cache;

        BlockingCallThreads(CountingMovieCatalog catalog, InMemoryMovieCache cache) {
            this.catalog = catalog;
            this.cache = cache;
        }

        private void record() {
            calls.incrementAndGet();
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public SearchPage search(SearchQuery query) {
            record();
            return catalog.search(query);
        }

        @Override
        public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
            record();
            return catalog.findById(id, plot);
        }

        @Override
        public Optional<CachedMovie> get(ImdbId id, Plot plot) {
            record();
            return cache.get(id, plot);
        }

        @Override
        public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
            record();
            return cache.put(movie, plot, ttl);
        }

        @Override
        public Optional<Duration> missingFor(ImdbId id) {
            record();
            return cache.missingFor(id);
        }

        @Override
        public boolean putMissing(ImdbId id, Duration ttl) {
            record();
            return cache.putMissing(id, ttl);
        }
    }

    @Singleton
    FakeTicker ticker() {
        return new FakeTicker(1_000_000_000_000L);
    }

    @Singleton
    CountingMovieCatalog catalog() {
        return new CountingMovieCatalog().with(BATMAN_BEGINS)
                .with(CountingMovieCatalog.movie("tt0096895", "Batman"));
    }

    @Singleton
    InMemoryMovieCache cache() {
        return new InMemoryMovieCache();
    }

    @Singleton
    BlockingCallThreads blockingCalls(CountingMovieCatalog catalog, InMemoryMovieCache cache) {
        return new BlockingCallThreads(catalog, cache);
    }

    @Singleton
    MovieSearch movieSearch(BlockingCallThreads blockingCalls, FakeTicker ticker,
                            @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                            @Value("${test.near-cache-seconds:0}") int nearCacheSeconds) {
        MovieCache cache = nearCacheSeconds == 0 ? blockingCalls
                : new NearMovieCache(blockingCalls, ticker, Duration.ofSeconds(nearCacheSeconds), 100);
        return new CachingMovieSearch(blockingCalls, cache, CachePolicy.of(Duration.ofHours(1)), blocking);
    }

    @Singleton
    RateLimiting rateLimiting(FakeTicker ticker, @Value("${test.rate-limit.scope:client}") String scope) {
        return new RateLimiting(RateLimitPolicy.DEFAULT, RateLimiting.Scope.parse(scope),
                new InProcessRateLimits(RateLimitPolicy.DEFAULT, ticker, 1000));
    }

    @Singleton
    TrustedProxies trustedProxies(@Value("${test.trusted-proxies:}") String trusted) {
        return TrustedProxies.parse(trusted);
    }

    @Singleton
    ConnectionLimits connectionLimits() {
        return new ConnectionLimits(Duration.ofSeconds(10), 256, 4096);
    }

    /** 2026-11-27T23:00:00Z: one hour before the next UTC midnight. */
    @Singleton
    Clock clock() {
        return Clock.fixed(Instant.parse("2026-11-27T23:00:00Z"), ZoneOffset.UTC);
    }

    @Singleton
    HealthInfo healthInfo() {
        return new HealthInfo("in-process", "omdb", () -> true,
                () -> Optional.of(new HealthInfo.Upstream(997, "closed")));
    }
}
