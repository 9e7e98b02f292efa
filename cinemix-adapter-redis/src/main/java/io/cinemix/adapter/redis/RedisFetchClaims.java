package io.cinemix.adapter.redis;

import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.ColdRead;
import io.cinemix.core.port.FetchLeases.Lease;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A cold fetch claimed with its read, and its store released with it, on a standalone or Sentinel-managed Redis
 * where one script may touch every key: written once for details ({@link RedisClaimingMovieCache}) and search pages
 * ({@link RedisClaimingSearchCache}), whose keys differ and whose scripts do not.
 * <ul>
 *   <li>{@link #readOrClaim}: one script reads the entry (with its time to live) or its marker (an id unknown
 *   upstream, a search too broad); when neither is there, it takes the entry's lease ({@code SET NX PX}, as
 *   {@link RedisFetchLeases} does) and, if granted, spends one call of the day's budget and of the requester's share
 *   (as {@link RedisUpstreamBudget} does); a refused spend deletes the lease again in the same script, so nobody
 *   waits for a fetch that will not be made.</li>
 *   <li>{@link #putReleasing} a lease granted here (by that script, or by {@link RedisFetchLeases#take}): one script
 *   stores the entry, deletes the lease if still ours and publishes the one {@link ChangeNotice} of the store.</li>
 * </ul>
 * A Redis Cluster keeps the budget (and the marker) in other slots than the entry, so there the cache only reads, and
 * the caller takes the lease and spends step by step; the store still releases in its script (the lease is
 * hash-tagged into the entry's slot). When the script fails: Redis answering an error (a key of the
 * wrong type) is read step by step; an outage grants the fetch without a lease and allows the call uncounted (the
 * budget fails open); the subscription down (nobody could wake a waiter) reads step by step too.
 */
final class RedisFetchClaims {
    /**
     * KEYS: the entry, its marker, the lease, the day's budget, its shares. ARGV: the lease's owner, its ms, then
     * {@link RedisUpstreamBudget#arguments}. Answers {1, value, pttl}: an entry; {2, pttl}: the marker; {3}: the lease
     * is held; {4, then {@link RedisUpstreamBudget#BUDGET}'s answer}: the lease taken and the call spent (the lease
     * deleted when refused); {5, the right day's key}: another day, nothing touched.
     */
    static final LuaScript READ_OR_CLAIM = new LuaScript(RedisUpstreamBudget.BUDGET_FUNCTIONS + """
            local value = redis.call('GET', KEYS[1])
            if value then return {1, value, redis.call('PTTL', KEYS[1])} end
            local marker = redis.call('PTTL', KEYS[2])
            if marker > 0 then return {2, marker} end
            local key, untilReset, millisUntilReset = budget_day(ARGV[3])
            if KEYS[4] ~= key then return {5, key} end
            if not redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then return {3} end
            local allowed, used, byClient = budget_consume(key, KEYS[5], tonumber(ARGV[4]), ARGV[5],
              tonumber(ARGV[6]), untilReset)
            if allowed ~= 1 then redis.call('DEL', KEYS[3]) end
            return {4, allowed, used, millisUntilReset, key, byClient}
            """);
    /**
     * KEYS: the entry, its lease. ARGV: the value, its seconds, the lease's owner, the channel, the notice. The lease
     * is released and the notice published even when the {@code SET} fails (out of memory under {@code noeviction}):
     * waiters then look again at once rather than sleep out the lease; the failure is answered after them.
     */
    static final LuaScript PUT_RELEASING = new LuaScript("""
            local stored = redis.pcall('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
            if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
            redis.call('PUBLISH', ARGV[4], ARGV[5])
            if type(stored) == 'table' and stored.err then return redis.error_reply(stored.err) end
            return 1
            """);
    private static final long ENTRY = 1;
    private static final long MARKER = 2;
    private static final long HELD = 3;
    private static final long CLAIMED = 4;
    private static final long ANOTHER_DAY = 5;

    /** The cache a claim reads for: what it makes of the script's answers, and where its outages are told. */
    interface Reads<R> {
        /** Nothing stored: what a claimed or held fetch reads. */
        R nothing();

        /** An entry found under {@code name}: {value, pttl}, as {@code GET_WITH_TTL} answers. */
        R entry(String name, List<Object> valueAndTtl);

        /** The marker found, with its time left. */
        R marker(Duration left);

        /** The read without the script, step by step (a cluster, Redis answering an error, no subscription). */
        R stepByStep();

        /** Redis answered the cache's keys. */
        void works();

        /** Nothing usable was found under {@code name}. */
        void missed(String name);

        /** Redis failed, as this cache tells it. */
        void failed(String what, RuntimeException e);
    }

    private final RedisConnection connection;
    private final RedisFetchLeases leases;
    private final RedisUpstreamBudget budget;

    RedisFetchClaims(RedisConnection connection, RedisFetchLeases leases, RedisUpstreamBudget budget) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.leases = Objects.requireNonNull(leases, "leases");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** The entry of {@code key}, else its marker under {@code markerName}, else the fetch held or claimed. */
    <R> ColdRead<R> readOrClaim(CacheKey key, String markerName, Requester requester, Reads<R> reads) {
        if (connection.cluster() || !leases.listening()) {
            return ColdRead.of(reads.stepByStep());
        }
        String name = RedisKeys.name(key);
        long started = System.nanoTime();
        CompletableFuture<Void> released = leases.listen(name); // before the script: no release is missed
        String owner = UUID.randomUUID().toString();
        try {
            List<Object> reply = run(name, markerName, requester, owner);
            if ((Long) reply.get(0) == ANOTHER_DAY) { // the first call of a new day: once more, with its key
                budget.dayIs((String) reply.get(1));
                reply = run(name, markerName, requester, owner);
            }
            reads.works();
            long outcome = (Long) reply.get(0);
            if (outcome != ENTRY) {
                reads.missed(name);
            }
            if (outcome == HELD) {
                return ColdRead.heldElsewhere(reads.nothing(),
                        leases.waiting(RedisKeys.lease(name), name, released, started));
            }
            released.complete(null);
            if (outcome == CLAIMED) {
                return claimed(key, reads.nothing(), owner, budget.spent(reply.subList(1, reply.size()), requester));
            }
            if (outcome == MARKER) {
                return ColdRead.of(reads.marker(Duration.ofMillis((Long) reply.get(1))));
            }
            if (outcome == ENTRY) {
                return ColdRead.of(reads.entry(name, reply.subList(1, reply.size())));
            }
            throw new IllegalStateException("the day changed twice in one claim");
        } catch (RedisCommandExecutionException e) { // Redis answered: a key of the wrong type, say
            released.complete(null);
            return ColdRead.of(reads.stepByStep());
        } catch (RuntimeException e) {
            released.complete(null);
            reads.failed("Redis read of " + name + " failed; fetching it without a lease, the budget uncounted", e);
            return ColdRead.claimed(reads.nothing(), Lease.UNCONTESTED, Spend.ALLOWED);
        }
    }

    private List<Object> run(String name, String markerName, Requester requester, String owner) {
        String[] dayKeys = budget.keys();
        String[] keys = {name, markerName, RedisKeys.lease(name), dayKeys[0], dayKeys[1]};
        String[] budgetArgs = budget.arguments(requester);
        return connection.call(commands -> READ_OR_CLAIM.<List<Object>>run(commands, ScriptOutputType.MULTI, keys,
                owner, leases.leaseMillis(), budgetArgs[0], budgetArgs[1], budgetArgs[2], budgetArgs[3]));
    }

    /** The lease taken with {@code spend}: the caller's to release, unless the refused spend deleted it already. */
    private <R> ColdRead<R> claimed(CacheKey key, R nothing, String owner, Spend spend) {
        if (!spend.allowed()) {
            return ColdRead.claimed(nothing, Lease.grantedOnMiss(() -> { }), spend);
        }
        return ColdRead.claimed(nothing, leases.grantedTo(owner, key), spend);
    }

    /**
     * One script for a lease granted here ({@link #readOrClaim}, or {@link RedisFetchLeases#take}: the lease key is
     * hash-tagged into the entry's slot, so this holds on a Cluster too): store {@code value}'s under {@code key} for
     * {@code ttl}, release, announce; {@code false} when Redis failed (the lease released all the same when Redis
     * answered the failure). Empty when the lease is not one granted here (or was released already): the caller
     * stores and releases as two steps.
     */
    Optional<Boolean> putReleasing(CacheKey key, Supplier<String> value, Duration ttl, Lease lease,
                                  Reads<?> reads) {
        Optional<String> handed = leases.handOver(lease);
        if (handed.isEmpty()) {
            return Optional.empty();
        }
        String owner = handed.get();
        String name = RedisKeys.name(key);
        String seconds = Long.toString(RedisMovieCache.expirySeconds(ttl));
        String json = value.get();
        try {
            connection.call(commands -> PUT_RELEASING.<Long>run(commands, ScriptOutputType.INTEGER,
                    new String[]{name, RedisKeys.lease(name)}, json, seconds, owner, RedisChannels.CHANGED,
                    leases.notice(key)));
            reads.works();
            return Optional.of(true);
        } catch (RuntimeException e) {
            reads.failed("Redis SET " + name + " failed; not cached (its lease released with the failure, or, if"
                    + " Redis did not answer, expiring by itself)", e);
            return Optional.of(false);
        } finally {
            lease.release(); // a no-op now: handed over above
        }
    }
}
