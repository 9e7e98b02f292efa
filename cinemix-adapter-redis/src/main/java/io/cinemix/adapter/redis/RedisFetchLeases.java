package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.FetchLeases;
import io.lettuce.core.ScriptOutputType;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link FetchLeases} in Redis, shared by every instance.
 *
 * <ul>
 *   <li>Take: one script on {@code lease_{<cache key>}} and the cache key (the hash tag puts both in one cluster
 *   slot): if the cache key holds a fresh entry now, nothing to fetch (the caller reads it); else
 *   {@code SET lease NX PX <lease>} with a random owner token. Granted this way, the caller knows nobody stored the
 *   entry since its own read, and fetches without reading again.</li>
 *   <li>Release: one script, after the result is stored: delete the lease if it is still ours (compare-and-delete,
 *   so a holder that outlived its lease never deletes the next holder's), then {@code PUBLISH} a
 *   {@link ChangeNotice} on {@link RedisChannels#CHANGED} (also when the fetch failed: the waiters should not wait in
 *   vain). This is the one announcement of a store: other instances drop their near copy of it. A details store
 *   may do the same in its own script ({@code RedisClaimingMovieCache}, given the owner token by
 *   {@link #handOver}): then the release is part of the store.</li>
 *   <li>Held elsewhere: the waiter listens on {@link RedisChannels} (registered before the script even runs) and
 *   is woken by the notice, or after the lease's length (the holder died), without polling.</li>
 *   <li>Redis failing: the lease is granted without Redis, logged once per outage; the caller fetches as it would
 *   without leases. The subscription down (nobody could wake a waiter): granted too, and its release still announces
 *   the change. Never throws, never waits for an outage longer than one command timeout.</li>
 * </ul>
 */
public final class RedisFetchLeases implements FetchLeases {
    private static final Logger LOG = System.getLogger(RedisFetchLeases.class.getName());
    /** KEYS: the lease, the cache key. ARGV: owner, lease ms, the time to live at or below which an entry is stale. */
    static final LuaScript TAKE = new LuaScript("""
            if redis.call('PTTL', KEYS[2]) > tonumber(ARGV[3]) then return 2 end
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
            return 0
            """);
    static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            redis.call('PUBLISH', ARGV[2], ARGV[3])
            return 1
            """);
    private static final long GRANTED = 1;
    private static final long STORED = 2;

    private final RedisConnection connection;
    private final RedisChannels channels;
    private final Duration lease;
    private final String staleDetailsMillis;
    private final OutageLog errorLog = new OutageLog(LOG, "Redis takes fetch leases again");
    private final LongAdder waits = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    /** Leases granted to this instance and not released yet, with their owner tokens. */
    private final Map<Lease, String> granted = new ConcurrentHashMap<>();

    /**
     * @param lease        how long a lease lasts, and so how long a waiter waits at most: longer than one upstream
     *                     call and the store after it (the upstream timeout and a margin)
     * @param detailsKeptStale a details entry with at most this much time to live is not fresh, worth fetching
     *                     again: {@code CACHE_GRACE} or {@code CACHE_STALE_WHILE_REVALIDATE}, whichever is longer
     *                     ({@code DetailsPolicy.keptStale()}); search pages have none
     */
    public RedisFetchLeases(RedisConnection connection, RedisChannels channels, Duration lease,
                            Duration detailsKeptStale) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("A lease must last at least 1 ms, got " + lease + ".");
        }
        this.staleDetailsMillis = Long.toString(detailsKeptStale.toMillis());
    }

    @Override
    public Lease take(CacheKey cacheKey) {
        Objects.requireNonNull(cacheKey, "cacheKey");
        String key = RedisKeys.name(cacheKey);
        String leaseKey = RedisKeys.lease(key);
        if (!channels.listening()) {
            errorLog.failed("Not subscribed to " + RedisChannels.CHANGED + "; fetching " + key + " without a lease");
            return Lease.granted(() -> release(leaseKey, "", cacheKey));
        }
        long started = System.nanoTime(); // the wait's timer starts with nextChange
        CompletableFuture<Void> released = channels.nextChange(key, lease);
        String owner = UUID.randomUUID().toString();
        String staleMillis = cacheKey instanceof DetailsKey ? staleDetailsMillis : "0";
        long reply;
        try {
            reply = connection.call(commands -> TAKE.<Long>run(commands, ScriptOutputType.INTEGER,
                    new String[]{leaseKey, key}, owner, leaseMillis(), staleMillis));
            errorLog.works();
        } catch (RuntimeException e) {
            released.complete(null);
            errorLog.failed("Redis lease " + leaseKey + " failed; fetching " + key + " without a lease", e);
            return Lease.UNCONTESTED;
        }
        if (reply == GRANTED) {
            released.complete(null);
            return grantedTo(owner, cacheKey);
        }
        if (reply == STORED) { // stored since the caller's read: it reads it, no wait
            released.complete(null);
            return Lease.heldElsewhere(released);
        }
        return waiting(leaseKey, key, released, started);
    }

    /**
     * A lease found held by another instance, waited for through {@code released} (from {@link #listen}, registered
     * before the lease was asked for at {@code started}, a {@link System#nanoTime()}): counted, and timed out logged.
     */
    Lease waiting(String leaseKey, String key, CompletableFuture<Void> released, long started) {
        waits.increment();
        released.thenRun(() -> {
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(lease) >= 0) {
                timeouts.increment();
                LOG.log(Level.WARNING, () -> "The lease " + leaseKey + " was not released within "
                        + lease.toMillis() + " ms; fetching " + key + " here");
            }
        });
        return Lease.heldElsewhere(released);
    }

    /** Completes at the next change notice of the key named {@code key}, or when a lease's wait is over. */
    CompletableFuture<Void> listen(String key) {
        return channels.nextChange(key, lease);
    }

    /** Whether a waiter can be woken: the subscription is up. */
    boolean listening() {
        return channels.listening();
    }

    /** How long a lease lasts, in ms, as {@code SET ... PX} takes it. */
    String leaseMillis() {
        return Long.toString(lease.toMillis());
    }

    /** The notice a release of {@code cacheKey}'s lease publishes. */
    String notice(CacheKey cacheKey) {
        return channels.notice(cacheKey);
    }

    /** Lookups that waited for another instance's fetch. */
    public long waits() {
        return waits.sum();
    }

    /** Waits that ended because the lease was not released in time (its holder died or was too slow). */
    public long timeouts() {
        return timeouts.sum();
    }

    /**
     * The lease on {@code cacheKey} granted to {@code owner} (by {@link #take}, or by a script that took it with its
     * read), released once: by its {@link Lease#release()}, unless its owner token was {@link #handOver handed over}.
     */
    Lease grantedTo(String owner, CacheKey cacheKey) {
        String leaseKey = RedisKeys.lease(cacheKey);
        AtomicReference<Lease> self = new AtomicReference<>();
        Lease lease = Lease.grantedOnMiss(() -> {
            if (granted.remove(self.get()) != null) { // not handed over to a store
                release(leaseKey, owner, cacheKey);
            }
        });
        self.set(lease);
        granted.put(lease, owner);
        return lease;
    }

    /**
     * The owner token of {@code lease}, if it was granted here and nobody released it yet, for a store that deletes
     * the lease and announces the change in its own script (the lease key is in the entry's cluster slot): the lease's
     * {@link Lease#release()} then does nothing. Empty otherwise: the caller releases it as usual.
     */
    Optional<String> handOver(Lease lease) {
        return Optional.ofNullable(granted.remove(lease));
    }

    /** Deletes the lease if {@code owner} still holds it, and announces the change of {@code cacheKey}. */
    void release(String leaseKey, String owner, CacheKey cacheKey) {
        try {
            connection.call(commands -> RELEASE.<Long>run(commands, ScriptOutputType.INTEGER,
                    new String[]{leaseKey}, owner, RedisChannels.CHANGED, channels.notice(cacheKey)));
            errorLog.works();
        } catch (RuntimeException e) {
            errorLog.failed("Redis release of " + leaseKey + " failed; it expires by itself in "
                    + lease.toMillis() + " ms, and other instances' copies by NEAR_CACHE_TTL", e);
        }
    }
}
