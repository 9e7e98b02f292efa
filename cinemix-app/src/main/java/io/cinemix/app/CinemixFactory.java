package io.cinemix.app;

import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.upstream.BudgetedMovieCatalog;
import io.cinemix.core.upstream.CircuitBreakingMovieCatalog;
import io.cinemix.core.upstream.RefundingMovieCatalog;
import io.cinemix.core.upstream.CircuitBreaker;
import io.cinemix.adapter.memory.NearMovieCache;

import io.cinemix.core.port.MovieSearch;
import io.cinemix.core.port.MovieCatalog;

import io.cinemix.adapter.memory.DailyUpstreamBudget;
import io.cinemix.adapter.memory.InProcessMovieCache;
import io.cinemix.adapter.memory.InProcessRateLimits;
import io.cinemix.adapter.memory.InProcessSearchCache;
import io.cinemix.core.port.FetchLeases;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.RateLimits;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.UpstreamBudget;

import io.cinemix.adapter.http.ConnectionLimits;
import io.cinemix.adapter.http.HealthInfo;
import io.cinemix.adapter.http.RateLimiting;
import io.cinemix.adapter.http.TrustedProxies;
import io.cinemix.adapter.omdb.OfflineMovieCatalog;
import io.cinemix.adapter.omdb.OmdbMovieCatalog;
import io.cinemix.adapter.omdb.OmdbSettings;
import io.cinemix.adapter.redis.RedisChannels;
import io.cinemix.adapter.redis.RedisConnection;
import io.cinemix.adapter.redis.RedisClaimingMovieCache;
import io.cinemix.adapter.redis.RedisClaimingSearchCache;
import io.cinemix.adapter.redis.RedisFetchLeases;
import io.cinemix.adapter.redis.RedisSearchCache;
import io.cinemix.adapter.redis.RedisMovieCache;
import io.cinemix.adapter.redis.RedisRateLimits;
import io.cinemix.adapter.redis.RedisUnavailableException;
import io.cinemix.adapter.redis.RedisUpstreamBudget;
import io.cinemix.domain.Ticker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

/**
 * The one wiring place: configuration to domain values, then the adapters around the core. Eager ({@code @Context})
 * where startup must fail fast: a bad setting, or a configured Redis that does not answer.
 */
@Factory
final class CinemixFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CinemixFactory.class);
    private static final Ticker TICKER = System::nanoTime;
    /** Client addresses tracked by an in-process rate limiter before new ones share one overflow limit. */
    private static final int MAX_RATE_LIMITED_CLIENTS = 100_000;
    /** Entries of the in-process cache (used without Redis). */
    private static final int IN_PROCESS_CACHE_ENTRIES = 10_000;
    /** A fetch lease outlasts the OMDb timeout by this much: the store and the release after the call. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(1);

    /**
     * What instances share when Redis is configured (else this process keeps it): the details cache, the daily
     * upstream budget, the leases on cold fetches and the rate limits; whether the store answers; what to close on
     * shutdown.
     */
    record Storage(String name, MovieCache cache, SearchCache searchCache, UpstreamBudget budget, FetchLeases leases,
                   RateLimits rateLimits, BooleanSupplier reachable, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }

    @Context
    @Singleton
    CinemixSettings settings(CinemixProperties properties) {
        try {
            return CinemixSettings.from(properties);
        } catch (IllegalArgumentException e) {
            throw new CinemixApplication.CannotStartException(e.getMessage());
        }
    }

    @Context
    @Singleton
    @Bean(preDestroy = "close")
    Storage storage(CinemixSettings settings, Clock clock, PrometheusMeterRegistry metrics, Traces traces) {
        if (settings.redis().isEmpty()) {
            LOG.warn("REDIS_URL is not set: caching movie details and counting the OMDb budget in this process only "
                    + "(not shared, lost on restart).");
            return new Storage("in-process", new InProcessMovieCache(TICKER, IN_PROCESS_CACHE_ENTRIES),
                    new InProcessSearchCache(TICKER, IN_PROCESS_CACHE_ENTRIES),
                    new DailyUpstreamBudget(clock, settings.omdbDailyBudget(), settings.omdbClientShare()), FetchLeases.ALWAYS_GRANTED,
                    new InProcessRateLimits(settings.rateLimitPolicy(), TICKER, MAX_RATE_LIMITED_CLIENTS),
                    () -> true, () -> { });
        }
        RedisConnection connection;
        try {
            connection = RedisConnection.open(settings.redis().get(), traces.redis());
        } catch (RedisUnavailableException e) {
            throw new CinemixApplication.CannotStartException("Cannot start: " + e.getMessage());
        }
        RedisChannels channels;
        try {
            channels = RedisChannels.open(connection);
        } catch (RedisUnavailableException e) {
            connection.close();
            throw new CinemixApplication.CannotStartException("Cannot start: " + e.getMessage());
        }
        FunctionCounter.builder("cinemix.redis.round.trips", connection, RedisConnection::roundTrips)
                .description("Requests sent to Redis and waited for (a pipelined batch counts once)").register(metrics);
        FunctionCounter.builder("cinemix.redis.change.notices", channels, RedisChannels::noticesHeard)
                .description("Change notices heard on the cinemix_changed channel, this instance's own included")
                .register(metrics);
        RedisMovieCache redisCache = new RedisMovieCache(connection);
        FunctionCounter.builder("cinemix.redis.cache.errors", redisCache, RedisMovieCache::errors)
                .description("Redis commands of the movie cache that failed (answered as a miss or not stored)")
                .register(metrics);
        FunctionCounter.builder("cinemix.redis.cache.hits", redisCache, RedisMovieCache::hits)
                .description("Details found in Redis").register(metrics);
        FunctionCounter.builder("cinemix.redis.cache.misses", redisCache, RedisMovieCache::misses)
                .description("Details not found in Redis").register(metrics);
        // A cold lookup's lease lasts one OMDb call and the store after it; waiters wait that long at most.
        Duration lease = settings.omdb().map(OmdbSettings::requestTimeout).orElse(Duration.ZERO).plus(LEASE_MARGIN);
        RedisFetchLeases leases =
                new RedisFetchLeases(connection, channels, lease, settings.cachePolicy().details().keptStale());
        FunctionCounter.builder("cinemix.lease.waits", leases, RedisFetchLeases::waits)
                .description("Cold lookups that waited for another instance's OMDb call instead of making one")
                .register(metrics);
        FunctionCounter.builder("cinemix.lease.timeouts", leases, RedisFetchLeases::timeouts)
                .description("Waits for another instance's OMDb call that ended unreleased (it then was made here)")
                .register(metrics);
        RedisUpstreamBudget budget = new RedisUpstreamBudget(connection, settings.omdbDailyBudget(),
                settings.omdbClientShare());
        // Standalone and Sentinel: a cold lookup's read, lease and budget in one script, its store and release in
        // another. A cluster keeps the budget in another slot: read, lease and budget step by step there, the store
        // and the release still in one script (the lease is in the entry's slot). Only with OMDb: the offline
        // catalog spends no budget.
        MovieCache cache = settings.omdb().isPresent()
                ? new RedisClaimingMovieCache(connection, redisCache, leases, budget) : redisCache;
        // Hot titles are read from Redis at most once per NEAR_CACHE_TTL per instance (0 turns this off).
        // Every instance drops its copy when one says it wrote the key; NEAR_CACHE_TTL stays the backstop.
        if (!settings.nearCacheTtl().isZero()) {
            NearMovieCache near =
                    new NearMovieCache(cache, TICKER, settings.nearCacheTtl(), IN_PROCESS_CACHE_ENTRIES);
            channels.onChange(details -> near.forget(details.id()), near::forgetAll);
            cache = near;
        }
        RedisSearchCache redisSearchCache = new RedisSearchCache(connection);
        FunctionCounter.builder("cinemix.redis.search.cache.errors", redisSearchCache, RedisSearchCache::errors)
                .description("Redis commands of the search cache that failed (answered as a miss or not stored)")
                .register(metrics);
        // A cold search page the same way: its read, lease and budget in one script, its store and release in another.
        SearchCache searchCache = settings.omdb().isPresent()
                ? new RedisClaimingSearchCache(connection, redisSearchCache, leases, budget) : redisSearchCache;
        return new Storage("redis", cache, searchCache, budget, leases,
                // Shared limits; during a Redis outage each instance falls back to its own limit, same policy.
                new RedisRateLimits(connection, settings.rateLimitPolicy(), TICKER, MAX_RATE_LIMITED_CLIENTS),
                connection::ping, () -> {
                    channels.close();
                    connection.close();
                });
    }

    /** The upstream catalog as lookups call it and, with OMDb, the breaker in it (its state for the health page). */
    record Upstream(MovieCatalog catalog, Optional<CircuitBreakingMovieCatalog> breaker) {
    }

    @Context
    @Singleton
    MovieCatalog movieCatalog(Upstream upstream) {
        return upstream.catalog();
    }

    @Context
    @Singleton
    Upstream upstream(CinemixSettings settings, Storage storage, PrometheusMeterRegistry metrics, Traces traces) {
        if (settings.omdb().isEmpty()) {
            LOG.warn("OMDB_API_KEY is not set: serving the bundled offline catalog (a few dozen titles).");
            return new Upstream(OfflineMovieCatalog.bundled(), Optional.empty());
        }
        LOG.info("Using OMDb at {} with a daily budget of {} calls", settings.omdb().get().baseUrl(),
                settings.omdbDailyBudget());
        if (settings.rateLimitScope() == RateLimiting.Scope.GLOBAL) {
            LOG.info("RATE_LIMIT_SCOPE=global: every request is one client, so OMDB_CLIENT_SHARE is off");
        } else if (settings.omdbClientShare() == 0) {
            LOG.info("OMDB_CLIENT_SHARE=0: one client may spend the whole daily budget");
        } else {
            LOG.info("Each client may cause {} OMDb calls a UTC day (OMDB_CLIENT_SHARE)", settings.omdbClientShare());
        }
        // The budget inside the breaker: an open circuit spends nothing. A call paid ahead with the claim of its
        // fetch (Redis, standalone and Sentinel) that the circuit refuses after all is given back outside it.
        UpstreamBudget budget = traces.budget(storage.budget());
        BudgetedMovieCatalog budgeted =
                new BudgetedMovieCatalog(new OmdbMovieCatalog(settings.omdb().get(), traces::omdbClient), budget);
        CircuitBreakingMovieCatalog breaker = new CircuitBreakingMovieCatalog(budgeted, TICKER,
                CircuitBreakingMovieCatalog.DEFAULT_FAILURE_THRESHOLD, CircuitBreakingMovieCatalog.DEFAULT_COOL_DOWN);
        RefundingMovieCatalog refunding = new RefundingMovieCatalog(breaker, budget);
        FunctionCounter.builder("cinemix.omdb.calls", budgeted, BudgetedMovieCatalog::upstreamCalls)
                .description("Calls that reached OMDb").register(metrics);
        FunctionCounter.builder("cinemix.omdb.budget.refusals", budgeted, BudgetedMovieCatalog::refusals)
                .description("OMDb calls refused because today's budget was spent").register(metrics);
        FunctionCounter.builder("cinemix.omdb.share.refusals", budgeted, BudgetedMovieCatalog::shareRefusals)
                .description("OMDb calls refused because the client's share of today's budget was spent")
                .register(metrics);
        Gauge.builder("cinemix.omdb.budget.remaining", storage.budget(), UpstreamBudget::remaining)
                .description("OMDb calls left today (shared by every instance with Redis)").register(metrics);
        FunctionCounter.builder("cinemix.omdb.circuit.rejections", breaker, CircuitBreakingMovieCatalog::rejections)
                .description("OMDb calls not made because the circuit was open").register(metrics);
        Gauge.builder("cinemix.omdb.circuit.open", breaker,
                        b -> b.state() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .description("1 while the OMDb circuit is open or half-open").register(metrics);
        FunctionCounter.builder("cinemix.omdb.budget.refunds", refunding, RefundingMovieCatalog::refunds)
                .description("OMDb calls paid ahead that the circuit refused, given back to the budget")
                .register(metrics);
        return new Upstream(refunding, Optional.of(breaker));
    }

    @Singleton
    MovieSearch movieSearch(MovieCatalog catalog, Storage storage, CinemixSettings settings,
                            PrometheusMeterRegistry metrics, @Named("lookups") ExecutorService lookups,
                            Traces traces) {
        // Details lookups that miss the near copy read Redis and call OMDb on their own pool (application.yml);
        // waiters hold no thread.
        CachingMovieSearch search = new CachingMovieSearch(catalog, traces.movieCache(storage.cache()),
                settings.cachePolicy(), lookups, traces.leases(storage.leases()),
                traces.searchCache(storage.searchCache()));
        stat(metrics, search, "cinemix.upstream.requests", "Lookups and searches that needed the upstream catalog",
                CachingMovieSearch.Stats::upstreamRequests);
        stat(metrics, search, "cinemix.coalesced.waits", "Lookups and searches that shared another's identical one",
                CachingMovieSearch.Stats::coalescedWaits);
        stat(metrics, search, "cinemix.negative.hits", "Lookups of unknown ids answered without the upstream",
                CachingMovieSearch.Stats::negativeHits);
        stat(metrics, search, "cinemix.stale.served", "Stale entries served because the upstream could not be used",
                CachingMovieSearch.Stats::staleServed);
        stat(metrics, search, "cinemix.quota.refusals", "Requests refused for want of upstream quota",
                CachingMovieSearch.Stats::quotaRefusals);
        return search;
    }

    private static void stat(MeterRegistry metrics, CachingMovieSearch search, String name, String description,
                             ToLongFunction<CachingMovieSearch.Stats> value) {
        FunctionCounter.builder(name, search, s -> value.applyAsLong(s.stats())).description(description)
                .register(metrics);
    }

    /**
     * Metrics in Prometheus' text format at {@code GET /metrics}: the quota economy's counters, the JVM's and the log
     * lines the console's queue dropped.
     */
    @Singleton
    @Bean(preDestroy = "close")
    PrometheusMeterRegistry metrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        CountingAsyncAppender.installed(LoggerFactory.getILoggerFactory()).ifPresent(console ->
                FunctionCounter.builder("cinemix.log.lines.dropped", console, CountingAsyncAppender::dropped)
                        .description("Log lines not written because the console's queue was full (INFO first)")
                        .register(registry));
        return registry;
    }

    @Singleton
    RateLimiting rateLimiting(CinemixSettings settings, Storage storage, Traces traces) {
        return new RateLimiting(settings.rateLimitPolicy(), settings.rateLimitScope(),
                traces.rateLimits(storage.rateLimits()));
    }

    @Singleton
    TrustedProxies trustedProxies(CinemixSettings settings) {
        return settings.trustedProxies();
    }

    @Singleton
    ConnectionLimits connectionLimits(CinemixSettings settings) {
        return settings.connectionLimits();
    }

    /** The wall clock, for dates (the next UTC midnight of a daily quota); durations use {@link Ticker}s. */
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    HealthInfo healthInfo(Upstream upstream, Storage storage) {
        if (upstream.breaker().isPresent()) {
            CircuitBreakingMovieCatalog breaker = upstream.breaker().get();
            return new HealthInfo(storage.name(), "omdb", storage.reachable(),
                    () -> Optional.of(new HealthInfo.Upstream(storage.budget().remaining(),
                            breaker.state().name().toLowerCase(Locale.ROOT))));
        }
        return new HealthInfo(storage.name(), "offline", storage.reachable());
    }
}
