package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.DetailsKey;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * This instance's one pub/sub connection, subscribed for its whole life to {@link #CHANGED}: an instance that released
 * the fetch lease of a key (having stored it, or failed) publishes a {@link ChangeNotice} there, once, and every
 * instance hears it. Two uses: other instances' near caches drop their copy ({@link #onChange}; the instance that
 * stored it keeps the copy it has just made), and a lookup waiting for another instance's fetch wakes up
 * ({@link #nextChange}).
 *
 * <p>One channel for everything, subscribed once: no subscribe round trip per wait and no window in which a
 * notification could be lost (a waiter registers here, in memory, before it re-reads the cache). A plain
 * {@code PUBLISH}, which Redis Cluster delivers to subscribers on every node. After a reconnect Lettuce subscribes
 * again; the messages published meanwhile are lost, so the {@code resubscribed} listeners hear that everything may
 * have changed.
 */
public final class RedisChannels implements AutoCloseable {
    /** The channel of changed keys. An operator who edits a {@code movie_<id>} by hand may publish its name here. */
    public static final String CHANGED = "cinemix_changed";

    private final StatefulRedisPubSubConnection<String, String> pubSub;
    /** Who this instance is in the notices it publishes, so that it can tell its own. */
    private final String instance = UUID.randomUUID().toString();
    private final LongAdder noticesHeard = new LongAdder();
    private final ConcurrentHashMap<String, List<CompletableFuture<Void>>> waiters = new ConcurrentHashMap<>();
    private final List<Consumer<DetailsKey>> changeListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> everythingListeners = new CopyOnWriteArrayList<>();

    private RedisChannels(StatefulRedisPubSubConnection<String, String> pubSub) {
        this.pubSub = pubSub;
    }

    /**
     * Opens the pub/sub connection and subscribes, within the command timeout.
     *
     * @throws RedisUnavailableException when Redis does not take the subscription
     */
    public static RedisChannels open(RedisConnection connection) {
        Objects.requireNonNull(connection, "connection");
        StatefulRedisPubSubConnection<String, String> pubSub;
        try {
            pubSub = connection.connectPubSub();
        } catch (RuntimeException e) {
            throw new RedisUnavailableException("Redis does not take a pub/sub connection: "
                    + OutageLog.describe(e), null);
        }
        RedisChannels channels = new RedisChannels(pubSub);
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                channels.changed(ChangeNotice.read(message));
            }

            @Override
            public void subscribed(String channel, long count) {
                channels.everythingListeners.forEach(Runnable::run);
            }
        });
        try {
            pubSub.sync().subscribe(CHANGED);
        } catch (RuntimeException e) {
            pubSub.closeAsync();
            throw new RedisUnavailableException("Redis does not take the subscription to " + CHANGED + ": "
                    + OutageLog.describe(e), null);
        }
        return channels;
    }

    /**
     * Calls {@code changed} with the details another instance says it changed, and {@code everything} when anything
     * may have changed: a notice by hand that names no details, or the subscription starting again after a disconnect
     * (notices may have been missed). Notices this instance published are not passed on. Both run on Lettuce's I/O
     * thread: they must be quick and never block.
     */
    public void onChange(Consumer<DetailsKey> changed, Runnable everything) {
        changeListeners.add(Objects.requireNonNull(changed, "changed"));
        everythingListeners.add(Objects.requireNonNull(everything, "everything"));
    }

    /** Whether the subscription is up now, so that {@link #nextChange} can be woken. */
    boolean listening() {
        return pubSub.isOpen();
    }

    /**
     * Completes (normally) at the next change notice for {@code key}, or after {@code atMost}, whichever comes first;
     * completing it earlier stops the wait. It completes on Lettuce's I/O thread or the JDK's timer thread: continue
     * on an executor of your own.
     */
    CompletableFuture<Void> nextChange(String key, Duration atMost) {
        CompletableFuture<Void> change = new CompletableFuture<>();
        waiters.compute(key, (k, list) -> {
            List<CompletableFuture<Void>> registered = list == null ? new ArrayList<>() : list;
            registered.add(change);
            return registered;
        });
        change.whenComplete((done, failure) -> waiters.computeIfPresent(key, (k, list) -> {
            list.remove(change);
            return list.isEmpty() ? null : list;
        }));
        return change.completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The notice this instance publishes when {@code key} may have changed. */
    String notice(CacheKey key) {
        return ChangeNotice.of(key, instance).json();
    }

    /** Change notices heard since start, this instance's own included (for metrics). */
    public long noticesHeard() {
        return noticesHeard.sum();
    }

    private void changed(ChangeNotice notice) {
        noticesHeard.increment();
        if (!instance.equals(notice.instance())) {
            Optional<DetailsKey> details = notice.details();
            if (details.isPresent()) {
                changeListeners.forEach(listener -> listener.accept(details.get()));
            } else if (notice.instance() == null) {
                everythingListeners.forEach(Runnable::run);
            }
        }
        List<CompletableFuture<Void>> woken = waiters.remove(notice.key());
        if (woken != null) {
            List.copyOf(woken).forEach(waiter -> waiter.complete(null));
        }
    }

    @Override
    public void close() {
        pubSub.close();
    }
}
