package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.FetchLeases;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link FetchLeases} in Redis, shared by every instance.
 *
 * <ul>
 *   <li>Take: {@code SET lease_{<cache key>} <owner> NX PX <lease>} ({@code lease_{movie_<id>}},
 *   {@code lease_{search_<hash>}}), the owner a random token; the hash tag puts the lease in its cache key's cluster
 *   slot.</li>
 *   <li>Release: one script, after the result is stored: delete the lease if it is still ours (compare-and-delete,
 *   so a holder that outlived its lease never deletes the next holder's), then {@code PUBLISH} the cache key on
 *   {@link RedisChannels#CHANGED} (also when the fetch failed: the waiters should not wait in vain).</li>
 *   <li>Held elsewhere: the waiter listens on {@link RedisChannels} (registered before {@code SET} even runs) and
 *   is woken by the notice, or after the lease's length (the holder died), without polling.</li>
 *   <li>Redis failing, or the subscription down (nobody could wake a waiter): the lease is granted without Redis,
 *   logged once per outage; the caller fetches as it would without leases. Never throws, never waits for an
 *   outage longer than one command timeout.</li>
 * </ul>
 */
public final class RedisFetchLeases implements FetchLeases {
    private static final Logger LOG = System.getLogger(RedisFetchLeases.class.getName());
    static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            redis.call('PUBLISH', ARGV[2], ARGV[3])
            return 1
            """);

    private final RedisConnection connection;
    private final RedisChannels channels;
    private final Duration lease;
    private final OutageLog errorLog = new OutageLog(LOG, "Redis takes fetch leases again");
    private final LongAdder waits = new LongAdder();
    private final LongAdder timeouts = new LongAdder();

    /**
     * @param lease how long a lease lasts, and so how long a waiter waits at most: longer than one upstream call
     *              and the store after it (the upstream timeout and a margin)
     */
    public RedisFetchLeases(RedisConnection connection, RedisChannels channels, Duration lease) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("A lease must last at least 1 ms, got " + lease + ".");
        }
    }

    @Override
    public Lease take(CacheKey cacheKey) {
        Objects.requireNonNull(cacheKey, "cacheKey");
        String key = RedisKeys.name(cacheKey);
        String leaseKey = RedisKeys.lease(cacheKey);
        if (!channels.listening()) {
            errorLog.failed("Not subscribed to " + RedisChannels.CHANGED + "; fetching " + key + " without a lease");
            return Lease.UNCONTESTED;
        }
        long started = System.nanoTime(); // the wait's timer starts with nextChange
        CompletableFuture<Void> released = channels.nextChange(key, lease);
        String owner = UUID.randomUUID().toString();
        String reply;
        try {
            reply = connection.call(commands -> commands.set(leaseKey, owner, SetArgs.Builder.nx().px(lease.toMillis())));
            errorLog.works();
        } catch (RuntimeException e) {
            released.complete(null);
            errorLog.failed("Redis SET " + leaseKey + " NX failed; fetching " + key + " without a lease", e);
            return Lease.UNCONTESTED;
        }
        if ("OK".equals(reply)) {
            released.complete(null);
            return Lease.granted(() -> release(leaseKey, owner, key));
        }
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

    /** Lookups that waited for another instance's fetch. */
    public long waits() {
        return waits.sum();
    }

    /** Waits that ended because the lease was not released in time (its holder died or was too slow). */
    public long timeouts() {
        return timeouts.sum();
    }

    private void release(String leaseKey, String owner, String key) {
        try {
            connection.call(commands -> RELEASE.<Long>run(commands, ScriptOutputType.INTEGER,
                    new String[]{leaseKey}, owner, RedisChannels.CHANGED, key));
            errorLog.works();
        } catch (RuntimeException e) {
            errorLog.failed("Redis release of " + leaseKey + " failed; it expires by itself in "
                    + lease.toMillis() + " ms", e);
        }
    }
}
