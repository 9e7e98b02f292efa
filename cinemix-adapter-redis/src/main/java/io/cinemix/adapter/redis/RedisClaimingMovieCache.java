package io.cinemix.adapter.redis;

import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.MovieCache;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link RedisMovieCache} with the cold path in as few scripts as the set-up allows. On a standalone or
 * Sentinel-managed Redis, where one script may touch every key, a cold lookup costs two round trips besides the
 * rate-limit decision:
 * <ul>
 *   <li>{@link #readOrClaim}: one script reads {@code movie_<id>} (with its time to live) or {@code missing_<id>};
 *   when neither is there, it takes {@code lease_{movie_<id>}} ({@code SET NX PX}, as {@link RedisFetchLeases} does)
 *   and, if granted, spends one call of the day's budget and of the requester's share (as
 *   {@link RedisUpstreamBudget} does); a refused spend deletes the lease again in the same script, so nobody waits
 *   for a fetch that will not be made.</li>
 *   <li>{@link #putReleasing} a lease granted here, by that script or by {@link RedisFetchLeases#take}: one script
 *   stores the entry, deletes the lease if still ours and publishes the one {@link ChangeNotice} of the store.</li>
 * </ul>
 * A Redis Cluster keeps the budget (and the missing marker) in other slots than the entry, so there
 * {@link #readOrClaim} only reads, and the caller takes the lease and spends step by step; the store still releases
 * in its script, {@code lease_{movie_<id>}} being hash-tagged into {@code movie_<id>}'s slot: four round trips
 * besides the decision.
 *
 * <p>When the script fails: Redis answering an error (a key of the wrong type) is read step by step; an outage grants
 * the fetch without a lease and allows the call uncounted (the budget fails open); the subscription down (nobody
 * could wake a waiter) reads step by step too. Everything else is the {@link RedisMovieCache}'s.
 */
public final class RedisClaimingMovieCache implements MovieCache {
    /**
     * KEYS: the entry, the missing marker, the lease, the day's budget, its shares. ARGV: the lease's owner, its ms,
     * then {@link RedisUpstreamBudget#arguments}. Answers {1, value, pttl}: an entry; {2, pttl}: the missing marker;
     * {3}: the lease is held; {4, then {@link RedisUpstreamBudget#BUDGET}'s answer}: the lease taken and the call
     * spent (the lease deleted when refused); {5, the right day's key}: another day, nothing touched.
     */
    static final LuaScript READ_OR_CLAIM = new LuaScript(RedisUpstreamBudget.BUDGET_FUNCTIONS + """
            local value = redis.call('GET', KEYS[1])
            if value then return {1, value, redis.call('PTTL', KEYS[1])} end
            local missing = redis.call('PTTL', KEYS[2])
            if missing > 0 then return {2, missing} end
            local key, untilReset, millisUntilReset = budget_day(ARGV[3])
            if KEYS[4] ~= key then return {5, key} end
            if not redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then return {3} end
            local allowed, used, byClient = budget_consume(key, KEYS[5], tonumber(ARGV[4]), ARGV[5],
              tonumber(ARGV[6]), untilReset)
            if allowed ~= 1 then redis.call('DEL', KEYS[3]) end
            return {4, allowed, used, millisUntilReset, key, byClient}
            """);
    /** KEYS: the entry, its lease. ARGV: the value, its seconds, the lease's owner, the channel, the notice. */
    static final LuaScript PUT_RELEASING = new LuaScript("""
            redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
            if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
            redis.call('PUBLISH', ARGV[4], ARGV[5])
            return 1
            """);
    private static final long ENTRY = 1;
    private static final long MISSING = 2;
    private static final long HELD = 3;
    private static final long CLAIMED = 4;

    private final RedisMovieCache cache;
    private final RedisFetchLeases leases;
    private final RedisUpstreamBudget budget;
    private final RedisConnection connection;

    public RedisClaimingMovieCache(RedisConnection connection, RedisMovieCache cache, RedisFetchLeases leases,
                                   RedisUpstreamBudget budget) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public ColdRead readOrClaim(DetailsKey key, Requester requester) {
        if (connection.cluster() || !leases.listening()) {
            return ColdRead.of(read(key.id(), key.plot()));
        }
        String name = RedisKeys.details(key);
        long started = System.nanoTime();
        CompletableFuture<Void> released = leases.listen(name); // before the script: no release is missed
        String owner = UUID.randomUUID().toString();
        try {
            List<Object> reply = run(key, requester, owner);
            if ((Long) reply.get(0) == 5L) { // the first call of a new day: once more, with its key
                budget.dayIs((String) reply.get(1));
                reply = run(key, requester, owner);
            }
            cache.works();
            long outcome = (Long) reply.get(0);
            if (outcome != ENTRY) {
                cache.missed(name);
            }
            if (outcome == HELD) {
                return ColdRead.heldElsewhere(leases.waiting(RedisKeys.lease(name), name, released, started));
            }
            released.complete(null);
            if (outcome == CLAIMED) {
                return claimed(key, owner, budget.spent(reply.subList(1, reply.size()), requester));
            }
            if (outcome == MISSING) {
                return ColdRead.of(CacheRead.missing(Optional.of(Duration.ofMillis((Long) reply.get(1)))));
            }
            if (outcome == ENTRY) {
                Optional<CachedMovie> entry = cache.entry(name, key.id(), reply.subList(1, reply.size()));
                return ColdRead.of(entry.map(CacheRead::of).orElse(CacheRead.NOTHING));
            }
            throw new IllegalStateException("the day changed twice in one claim");
        } catch (RedisCommandExecutionException e) { // Redis answered: a key of the wrong type, say
            released.complete(null);
            return ColdRead.of(read(key.id(), key.plot()));
        } catch (RuntimeException e) {
            released.complete(null);
            cache.failed("Redis read of " + name + " failed; fetching it without a lease, the budget uncounted", e);
            return ColdRead.claimed(Lease.UNCONTESTED, Spend.ALLOWED);
        }
    }

    private List<Object> run(DetailsKey key, Requester requester, String owner) {
        String name = RedisKeys.details(key);
        String[] dayKeys = budget.keys();
        String[] keys = {name, RedisKeys.missing(key.id()), RedisKeys.lease(name), dayKeys[0], dayKeys[1]};
        String[] budgetArgs = budget.arguments(requester);
        return connection.call(commands -> READ_OR_CLAIM.<List<Object>>run(commands, ScriptOutputType.MULTI, keys,
                owner, leases.leaseMillis(), budgetArgs[0], budgetArgs[1], budgetArgs[2], budgetArgs[3]));
    }

    /** The lease taken with {@code spend}: the caller's to release, unless the refused spend deleted it already. */
    private ColdRead claimed(DetailsKey key, String owner, Spend spend) {
        if (!spend.allowed()) {
            return ColdRead.claimed(Lease.grantedOnMiss(() -> { }), spend);
        }
        return ColdRead.claimed(leases.grantedTo(owner, key), spend);
    }

    /**
     * One script for a lease granted here (by {@link #readOrClaim} or {@link RedisFetchLeases#take}) and not released
     * yet: store, release, announce; else {@link MovieCache}'s two steps.
     */
    @Override
    public boolean putReleasing(MovieDetails movie, Plot plot, Duration ttl, Lease lease) {
        Optional<String> handed = leases.handOver(lease);
        if (handed.isEmpty()) {
            return MovieCache.super.putReleasing(movie, plot, ttl, lease);
        }
        String owner = handed.get();
        DetailsKey key = new DetailsKey(movie.imdbId(), plot);
        String name = RedisKeys.details(key);
        String value = cache.json(movie);
        String seconds = Long.toString(RedisMovieCache.expirySeconds(ttl));
        try {
            connection.call(commands -> PUT_RELEASING.<Long>run(commands, ScriptOutputType.INTEGER,
                    new String[]{name, RedisKeys.lease(name)}, value, seconds, owner, RedisChannels.CHANGED,
                    leases.notice(key)));
            cache.works();
            return true;
        } catch (RuntimeException e) {
            cache.failed("Redis SET " + name + " failed; not cached (its lease expires by itself)", e);
            return false;
        } finally {
            lease.release(); // a no-op now: handed over above
        }
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        return cache.get(id, plot);
    }

    @Override
    public CacheRead read(ImdbId id, Plot plot) {
        return cache.read(id, plot);
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        return cache.put(movie, plot, ttl);
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        return cache.missingFor(id);
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        return cache.putMissing(id, ttl);
    }
}
