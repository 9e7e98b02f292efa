package io.cinemix.adapter.redis;

import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.core.port.Spend;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.LocalRedisCluster;
import io.cinemix.testsupport.LocalRedisSentinel;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static io.cinemix.adapter.redis.Outages.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cold search page claimed with its read and stored with its release, against a real redis-server (standalone and
 * Sentinel-managed), the scripts shared with details; a cluster's step by step.
 */
class RedisClaimingSearchCacheTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final SearchPage PAGE = new SearchPage(List.of(
            new MovieSummary(ImdbId.of("tt0372784"), "Batman Begins", "2005", "movie", Optional.empty())), 1, 1);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String prefix = "search_claims_" + UUID.randomUUID() + "_";
    private final Requester client = Requester.of("203.0.113.8");
    private final SearchKey key = SearchKey.of(SearchQuery.of("batman " + UUID.randomUUID()));
    private final String name = RedisKeys.search(key);
    private RedisCommands<String, String> admin;
    private LocalRedis redis;

    @BeforeEach
    void start() {
        redis = LocalRedis.shared();
        admin = admin(redis);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aColdPageTakesTheLeaseAndSpendsTheBudgetAndTheShareInOneRoundTrip() {
        Claiming claiming = claiming(settings(redis), 10, 3);
        long before = claiming.connection.roundTrips();

        ColdRead<SearchRead> cold = claiming.cache.readOrClaim(key, true, client);

        assertThat(claiming.connection.roundTrips() - before).isEqualTo(1);
        assertThat(cold.claimed()).isTrue();
        assertThat(cold.read()).isEqualTo(SearchRead.NOTHING);
        assertThat(cold.spend().get().share()).get().satisfies(share -> assertThat(share.left()).isEqualTo(2));
        assertThat(admin.exists(RedisKeys.lease(name))).isEqualTo(1);
        assertThat(admin.get(dayKey())).isEqualTo("1");
        assertThat(admin.hget(RedisUpstreamBudget.sharesKey(dayKey()), client.key())).isEqualTo("1");
    }

    @Test
    void theClaimedLeaseIsReleasedWithTheStoredPageInOneRoundTripThatPublishesOneNotice() {
        Claiming claiming = claiming(settings(redis), 10, 0);
        ColdRead<SearchRead> cold = claiming.cache.readOrClaim(key, true, client);
        long notices = claiming.channels.noticesHeard();
        long before = claiming.connection.roundTrips();

        boolean stored = claiming.cache.putReleasing(key, PAGE, HOUR, cold.lease().orElseThrow());
        cold.lease().get().release();

        assertThat(stored).isTrue();
        assertThat(claiming.connection.roundTrips() - before).as("the store, the release and the notice").isEqualTo(1);
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        assertThat(admin.ttl(name)).isBetween(HOUR.getSeconds() - 5, HOUR.getSeconds());
        assertThat(claiming.cache.get(key)).get().extracting(found -> found.page()).isEqualTo(PAGE);
        assertThat(eventually(() -> claiming.channels.noticesHeard() > notices)).isTrue();
        assertThat(claiming.channels.noticesHeard() - notices).as("one notice per store").isEqualTo(1);
    }

    @Test
    void aStoredPageIsReadWithoutALeaseOrASpend() {
        Claiming claiming = claiming(settings(redis), 10, 3);
        claiming.cache.put(key, PAGE, HOUR);

        ColdRead<SearchRead> cold = claiming.cache.readOrClaim(key, true, client);

        assertThat(cold.lease()).isEmpty();
        assertThat(cold.read().page()).get().extracting(found -> found.page()).isEqualTo(PAGE);
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        assertThat(admin.keys(prefix + "*")).isEmpty();
    }

    @Test
    void aSearchRememberedTooBroadIsReadWithoutALeaseOrASpendAndNotAskedForAsNothing() {
        Claiming claiming = claiming(settings(redis), 10, 3);
        claiming.cache.rememberTooBroad(SearchTerms.of(key), HOUR);

        ColdRead<SearchRead> asked = claiming.cache.readOrClaim(key, true, client);
        ColdRead<SearchRead> notAsked = claiming.cache.readOrClaim(key, false, client);

        assertThat(asked).isEqualTo(ColdRead.of(new SearchRead(Optional.empty(), true)));
        assertThat(notAsked).as("the caller takes the steps").isEqualTo(ColdRead.of(SearchRead.NOTHING));
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        assertThat(admin.keys(prefix + "*")).isEmpty();
    }

    @Test
    void aLeaseHeldByAnotherInstanceIsWaitedForWithoutASpendAndItsStoreWakesTheWaiter() throws Exception {
        Claiming holder = claiming(settings(redis), 10, 0);
        Claiming waiter = claiming(settings(redis), 10, 0);
        ColdRead<SearchRead> claimed = holder.cache.readOrClaim(key, true, client);

        ColdRead<SearchRead> held = waiter.cache.readOrClaim(key, true, Requester.of("198.51.100.1"));

        assertThat(held.lease()).get().extracting(Lease::granted).isEqualTo(false);
        assertThat(held.spend()).isEmpty();
        assertThat(admin.get(dayKey())).as("the holder's call alone").isEqualTo("1");
        holder.cache.putReleasing(key, PAGE, HOUR, claimed.lease().orElseThrow());
        held.lease().get().released().get(5, TimeUnit.SECONDS);
        assertThat(waiter.cache.read(key).page()).isPresent();
    }

    @Test
    void aSpentBudgetIsRefusedAndTheLeaseDeletedInTheSameScript() {
        Claiming claiming = claiming(settings(redis), 0, 0);

        ColdRead<SearchRead> cold = claiming.cache.readOrClaim(key, true, client);

        assertThat(cold.spend()).get().extracting(Spend::outcome).isEqualTo(Spend.Outcome.BUDGET_SPENT);
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        long before = claiming.connection.roundTrips();
        cold.lease().orElseThrow().release();
        assertThat(claiming.connection.roundTrips() - before).as("nothing left to release").isZero();
    }

    @Test
    void aSpentShareIsRefusedAndTheLeaseDeletedInTheSameScript() {
        Claiming claiming = claiming(settings(redis), 10, 1);
        claiming.budget.spend(client);

        ColdRead<SearchRead> cold = claiming.cache.readOrClaim(key, true, client);

        assertThat(cold.spend()).get().extracting(Spend::outcome).isEqualTo(Spend.Outcome.SHARE_SPENT);
        assertThat(admin.exists(RedisKeys.lease(name))).isZero();
        assertThat(admin.get(dayKey())).isEqualTo("1");
    }

    @Test
    void onASentinelManagedRedisTheClaimAndTheStoreAreOneRoundTripEach() {
        LocalRedisSentinel sentinel = LocalRedisSentinel.start(1);
        opened.add(sentinel);
        Claiming claiming = claiming(RedisSettings.of(sentinel.url()), 10, 0);
        long before = claiming.connection.roundTrips();

        ColdRead<SearchRead> cold = claiming.cache.readOrClaim(key, true, client);
        boolean stored = claiming.cache.putReleasing(key, PAGE, HOUR, cold.lease().orElseThrow());

        assertThat(cold.claimed()).isTrue();
        assertThat(stored).isTrue();
        assertThat(claiming.connection.roundTrips() - before).isEqualTo(2);
        assertThat(claiming.cache.get(key)).isPresent();
    }

    @Test
    void aRedisClusterOnlyReadsTheLeaseIsTakenStepByStepAndReleasedWithTheStoredPageInOneRoundTrip() {
        LocalRedisCluster cluster = LocalRedisCluster.start();
        opened.add(cluster);
        Claiming claiming = claiming(RedisSettings.of(cluster.url()), 10, 0);
        String leaseKey = RedisKeys.lease(name);

        ColdRead<SearchRead> cold = claiming.cache.readOrClaim(key, true, client);

        assertThat(cold).isEqualTo(ColdRead.of(SearchRead.NOTHING));
        assertThat(cluster.nodeOf(leaseKey).command("EXISTS", leaseKey)).isEqualTo(":0");
        Lease lease = claiming.leases.take(key);
        assertThat(cluster.nodeOf(leaseKey).command("EXISTS", leaseKey)).isEqualTo(":1");
        long before = claiming.connection.roundTrips();
        assertThat(claiming.cache.putReleasing(key, PAGE, HOUR, lease)).isTrue();
        lease.release();
        assertThat(claiming.connection.roundTrips() - before).as("the store, the release and the notice").isEqualTo(1);
        assertThat(cluster.nodeOf(leaseKey).command("EXISTS", leaseKey)).isEqualTo(":0");
        assertThat(claiming.cache.readOrClaim(key, true, client).read().page()).isPresent();
    }

    @Test
    void whileRedisDoesNotAnswerTheSearchIsGrantedWithoutALeaseAndTheCallAllowedUncounted() {
        LocalRedis own = LocalRedis.startOwn();
        opened.add(own);
        Claiming claiming = claiming(settings(own), 10, 3);
        own.pause();

        ColdRead<SearchRead> cold = claiming.cache.readOrClaim(key, true, client);

        assertThat(cold.spend()).contains(Spend.ALLOWED);
        assertThat(cold.lease()).contains(Lease.UNCONTESTED);
        assertThat(claiming.searchCache.errors()).isEqualTo(1);
        own.resume();
    }

    private String dayKey() {
        List<String> keys = admin.keys(prefix + "*");
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    private record Claiming(RedisConnection connection, RedisChannels channels, RedisSearchCache searchCache,
                            RedisUpstreamBudget budget, RedisFetchLeases leases, RedisClaimingSearchCache cache) {
    }

    private Claiming claiming(RedisSettings settings, long limit, long share) {
        RedisConnection connection = RedisConnection.open(settings);
        opened.add(connection);
        RedisChannels channels = RedisChannels.open(connection);
        opened.add(channels);
        RedisSearchCache searchCache = new RedisSearchCache(connection);
        RedisUpstreamBudget budget = new RedisUpstreamBudget(connection, limit, share, prefix, Clock.systemUTC());
        RedisFetchLeases leases = new RedisFetchLeases(connection, channels, LEASE, Duration.ZERO);
        return new Claiming(connection, channels, searchCache, budget, leases,
                new RedisClaimingSearchCache(connection, searchCache, leases, budget));
    }
}
