package io.cinemix.adapter.redis;

import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LocalRedisCluster;
import io.cinemix.testsupport.Movies;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static io.cinemix.adapter.redis.Outages.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/** The read-or-claim and store-and-release scripts against a real redis-server, and the cluster's step by step. */
class RedisClaimingMovieCacheTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofSeconds(5);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String prefix = "claims_" + UUID.randomUUID() + "_";
    private final Requester client = Requester.of("203.0.113.7");
    private LocalRedis redis;
    private RedisCommands<String, String> admin;
    private DetailsKey key;
    private String name;

    @BeforeEach
    void start() {
        redis = LocalRedis.shared();
        admin = admin(redis);
        key = new DetailsKey(ImdbId.of("tt" + (7_000_000 + (int) (Math.random() * 999_999))), Plot.SHORT);
        name = RedisKeys.details(key);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aMissTakesTheLeaseAndSpendsTheBudgetAndTheSharesInOneRoundTrip() {
        Instance instance = instance(10, 3);
        long before = instance.connection.roundTrips();

        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);

        assertThat(instance.connection.roundTrips() - before).isEqualTo(1);
        assertThat(cold.claimed()).isTrue();
        assertThat(cold.spend()).get().extracting(Spend::allowed).isEqualTo(true);
        assertThat(cold.spend().get().share()).get().satisfies(share -> assertThat(share.left()).isEqualTo(2));
        assertThat(admin.exists(RedisKeys.lease(name))).isEqualTo(1);
        assertThat(admin.get(dayKey())).isEqualTo("1");
        assertThat(admin.hget(RedisUpstreamBudget.sharesKey(dayKey()), client.key())).isEqualTo("1");
        assertThat(instance.redisCache.misses()).as("counted as the cache's miss").isEqualTo(1);
    }

    @Test
    void theClaimedLeaseIsReleasedWithTheStoreInOneRoundTripThatPublishesOneNotice() {
        Instance instance = instance(10, 0);
        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);
        long notices = instance.channels.noticesHeard();
        long before = instance.connection.roundTrips();

        boolean stored = instance.cache.putReleasing(movie(), key.plot(), HOUR, cold.lease().orElseThrow());
        cold.lease().get().release();

        assertThat(stored).isTrue();
        assertThat(instance.connection.roundTrips() - before).as("the store, the release and the notice").isEqualTo(1);
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        assertThat(admin.ttl(name)).isBetween(HOUR.getSeconds() - 5, HOUR.getSeconds());
        assertThat(instance.cache.get(key.id(), key.plot())).get().extracting(e -> e.movie()).isEqualTo(movie());
        assertThat(eventually(() -> instance.channels.noticesHeard() > notices)).isTrue();
        assertThat(instance.channels.noticesHeard() - notices).as("one notice per store").isEqualTo(1);
    }

    @Test
    void aStoreRedisRefusesForWantOfMemoryStillReleasesTheLeaseAndWakesTheWaiters() {
        Instance instance = instance(10, 0);
        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);
        long notices = instance.channels.noticesHeard();
        String policy = admin.configGet("maxmemory-policy").get("maxmemory-policy");
        admin.configSet("maxmemory-policy", "noeviction");
        admin.configSet("maxmemory", "1");
        boolean stored;
        try {
            stored = instance.cache.putReleasing(movie(), key.plot(), HOUR, cold.lease().orElseThrow());
        } finally {
            admin.configSet("maxmemory", "0");
            admin.configSet("maxmemory-policy", policy);
        }

        assertThat(stored).isFalse();
        assertThat(admin.exists(name)).as("not stored").isZero();
        assertThat(admin.exists(RedisKeys.lease(name))).as("released all the same").isZero();
        assertThat(eventually(() -> instance.channels.noticesHeard() > notices)).as("the waiters told").isTrue();
    }

    @Test
    void aClaimedCallGivenBackReturnsTheDaysCallAndTheClientsShareInOneRoundTripKeepingTheirExpiry() {
        Instance instance = instance(10, 3);
        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);
        long before = instance.connection.roundTrips();

        instance.budget.refund(client.prepaid(cold.spend().orElseThrow()));

        assertThat(instance.connection.roundTrips() - before).isEqualTo(1);
        assertThat(admin.get(dayKey())).isEqualTo("0");
        assertThat(admin.hget(RedisUpstreamBudget.sharesKey(dayKey()), client.key())).isEqualTo("0");
        assertThat(admin.ttl(dayKey())).as("still ends with its day").isPositive();
        assertThat(admin.ttl(RedisUpstreamBudget.sharesKey(dayKey()))).isPositive();
        assertThat(instance.budget.remaining()).isEqualTo(10);
        assertThat(instance.budget.spend(client).share()).get().satisfies(share -> assertThat(share.left()).isEqualTo(2));
    }

    @Test
    void aRefundNeverCountsBelowZeroNorCreatesADaysKey() {
        Instance instance = instance(10, 3);

        instance.budget.refund(client);

        assertThat(admin.keys(prefix + "*")).isEmpty();
        assertThat(admin.keys(RedisUpstreamBudget.sharesKey(prefix + "*"))).isEmpty();
        assertThat(instance.budget.remaining()).isEqualTo(10);
    }

    @Test
    void anEntryIsReadWithoutALeaseOrASpend() {
        Instance instance = instance(10, 3);
        instance.redisCache.put(movie(), key.plot(), HOUR);

        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);

        assertThat(cold.lease()).isEmpty();
        assertThat(cold.read().entry()).get().extracting(e -> e.movie()).isEqualTo(movie());
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        assertThat(admin.keys(prefix + "*")).isEmpty();
        assertThat(instance.redisCache.hits()).as("counted as the cache's hit").isEqualTo(1);
    }

    @Test
    void anIdRememberedMissingIsReadWithoutALeaseOrASpend() {
        Instance instance = instance(10, 3);
        instance.redisCache.putMissing(key.id(), HOUR);

        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);

        assertThat(cold.lease()).isEmpty();
        assertThat(cold.read().missingFor()).get().satisfies(left -> assertThat(left).isGreaterThan(HOUR.minusMinutes(1)));
        assertThat(admin.keys(prefix + "*")).isEmpty();
    }

    @Test
    void aLeaseHeldByAnotherInstanceIsWaitedForWithoutASpendAndItsStoreWakesTheWaiter() throws Exception {
        Instance holder = instance(10, 0);
        Instance waiter = instance(10, 0);
        ColdRead<CacheRead> claimed = holder.cache.readOrClaim(key, client);

        ColdRead<CacheRead> held = waiter.cache.readOrClaim(key, Requester.of("198.51.100.1"));

        assertThat(held.lease()).get().extracting(Lease::granted).isEqualTo(false);
        assertThat(held.spend()).isEmpty();
        assertThat(admin.get(dayKey())).as("the holder's call alone").isEqualTo("1");
        assertThat(held.lease().get().released()).isNotDone();
        holder.cache.putReleasing(movie(), key.plot(), HOUR, claimed.lease().orElseThrow());
        held.lease().get().released().get(5, TimeUnit.SECONDS);
        assertThat(waiter.cache.read(key.id(), key.plot()).entry()).isPresent();
    }

    @Test
    void aSpentBudgetIsRefusedAndTheLeaseDeletedInTheSameScript() {
        Instance instance = instance(0, 0);

        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);

        assertThat(cold.spend()).get().extracting(Spend::outcome).isEqualTo(Spend.Outcome.BUDGET_SPENT);
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        long before = instance.connection.roundTrips();
        cold.lease().orElseThrow().release();
        assertThat(instance.connection.roundTrips() - before).as("nothing left to release").isZero();
    }

    @Test
    void aSpentShareIsRefusedAndTheLeaseDeletedInTheSameScript() {
        Instance instance = instance(10, 1);
        instance.budget.spend(client);

        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);

        assertThat(cold.spend()).get().extracting(Spend::outcome).isEqualTo(Spend.Outcome.SHARE_SPENT);
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        assertThat(admin.get(dayKey())).isEqualTo("1");
    }

    @Test
    void theFirstClaimOfANewDayAsksOnceMoreWithThatDaysKey() {
        Instance instance = instance(10, 0, Clock.fixed(Instant.parse("2001-01-01T12:00:00Z"), ZoneOffset.UTC));
        long before = instance.connection.roundTrips();

        ColdRead<CacheRead> cold = instance.cache.readOrClaim(key, client);

        assertThat(cold.spend()).get().extracting(Spend::allowed).isEqualTo(true);
        assertThat(instance.connection.roundTrips() - before).isEqualTo(2);
        assertThat(admin.get(dayKey())).isEqualTo("1");
    }

    @Test
    void aRedisClusterOnlyReadsTheLeaseIsTakenStepByStepAndReleasedWithTheStoreInOneRoundTrip() {
        try (LocalRedisCluster cluster = LocalRedisCluster.start();
             RedisConnection connection = RedisConnection.open(RedisSettings.of(cluster.url()));
             RedisChannels channels = RedisChannels.open(connection)) {
            RedisMovieCache redisCache = new RedisMovieCache(connection);
            RedisFetchLeases leases = new RedisFetchLeases(connection, channels, LEASE, Duration.ZERO);
            RedisClaimingMovieCache cache = new RedisClaimingMovieCache(connection, redisCache, leases,
                    new RedisUpstreamBudget(connection, 10, 0, prefix, Clock.systemUTC()));
            String leaseKey = RedisKeys.lease(name);
            assertThat(cluster.nodeOf(leaseKey).command("CLUSTER", "KEYSLOT", leaseKey))
                    .as("the lease in the entry's slot").isEqualTo(cluster.nodeOf(name).command("CLUSTER", "KEYSLOT", name));

            ColdRead<CacheRead> cold = cache.readOrClaim(key, client);

            assertThat(cold).isEqualTo(ColdRead.of(CacheRead.NOTHING));
            assertThat(cluster.nodeOf(leaseKey).command("EXISTS", leaseKey)).isEqualTo(":0");
            Lease lease = leases.take(key);
            assertThat(cluster.nodeOf(leaseKey).command("EXISTS", leaseKey)).isEqualTo(":1");
            long notices = channels.noticesHeard();
            long before = connection.roundTrips();

            assertThat(cache.putReleasing(movie(), key.plot(), HOUR, lease)).isTrue();
            lease.release();

            assertThat(connection.roundTrips() - before).as("the store, the release and the notice").isEqualTo(1);
            assertThat(cluster.nodeOf(leaseKey).command("EXISTS", leaseKey)).isEqualTo(":0");
            assertThat(eventually(() -> channels.noticesHeard() > notices)).isTrue();
            assertThat(channels.noticesHeard() - notices).as("one notice per store").isEqualTo(1);
            assertThat(cache.readOrClaim(key, client).read().entry()).isPresent();
        }
    }

    @Test
    void whileRedisDoesNotAnswerTheFetchIsGrantedWithoutALeaseAndTheCallAllowedUncounted() {
        LocalRedis own = LocalRedis.startOwn();
        opened.add(own);
        RedisConnection connection = RedisConnection.open(settings(own));
        opened.add(connection);
        RedisChannels channels = RedisChannels.open(connection);
        opened.add(channels);
        RedisClaimingMovieCache cache = new RedisClaimingMovieCache(connection, new RedisMovieCache(connection),
                new RedisFetchLeases(connection, channels, LEASE, Duration.ZERO),
                new RedisUpstreamBudget(connection, 10, 3, prefix, Clock.systemUTC()));
        own.pause();

        ColdRead<CacheRead> cold = cache.readOrClaim(key, client);

        assertThat(cold.claimed()).isTrue();
        assertThat(cold.spend()).contains(Spend.ALLOWED);
        assertThat(cold.lease()).contains(Lease.UNCONTESTED);
        own.resume();
    }

    private MovieDetails movie() {
        return Movies.full(key.id().value());
    }

    private String dayKey() {
        List<String> keys = admin.keys(prefix + "*");
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    private record Instance(RedisConnection connection, RedisChannels channels, RedisMovieCache redisCache,
                            RedisUpstreamBudget budget, RedisClaimingMovieCache cache) {
    }

    private Instance instance(long limit, long share) {
        return instance(limit, share, Clock.systemUTC());
    }

    private Instance instance(long limit, long share, Clock clock) {
        RedisConnection connection = RedisConnection.open(settings(redis));
        opened.add(connection);
        RedisChannels channels = RedisChannels.open(connection);
        opened.add(channels);
        RedisMovieCache redisCache = new RedisMovieCache(connection);
        RedisUpstreamBudget budget = new RedisUpstreamBudget(connection, limit, share, prefix, clock);
        return new Instance(connection, channels, redisCache, budget, new RedisClaimingMovieCache(connection,
                redisCache, new RedisFetchLeases(connection, channels, LEASE, Duration.ZERO), budget));
    }
}
