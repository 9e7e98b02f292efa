package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.upstream.CircuitBreaker;

import io.cinemix.domain.Ticker;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.tracing.Tracing;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Lettuce connection to Redis, shared by the cache and the budget (Lettuce connections are thread-safe): to a
 * standalone server, to the master that Sentinel names (re-asked on every reconnect, so a failover is followed), or
 * to a Redis Cluster (a {@link RedisClusterClient} that routes each command to its key's node; see
 * {@link #clusterOptions}). Callers see the commands all three share, {@link RedisClusterCommands}.
 *
 * <p>{@link #open} fails fast: the TCP connect and the handshake are bounded by the connect timeout (≈ 2 s), and a
 * PING must answer within it too (asked again while it times out), else {@link RedisUnavailableException} (the app
 * logs it and exits). After that, Redis is an optimisation, never a dependency:
 * <ul>
 *   <li>every command is bounded by the command timeout (≈ 300 ms);</li>
 *   <li>while disconnected, commands are <b>rejected</b> at once ({@code REJECT_COMMANDS}) instead of buffered, and
 *   the request queue is bounded (1 000), so an outage costs no latency and no heap;</li>
 *   <li>TCP keep-alive (15 s idle, 5 s interval, 3 probes) detects a half-open connection in ≈ 30 s instead of the
 *   kernel's ≈ 15 min; auto-reconnect retries with a jittered back-off capped at 5 s;</li>
 *   <li>replay after reconnect: by default Lettuce re-sends the commands that were in flight when a connection dropped
 *   (at-least-once), so a budget increment whose reply was lost would be counted twice. With {@code REJECT_COMMANDS},
 *   Lettuce 6.8 cancels in-flight commands on disconnect instead ("Connection disconnected"): nothing is replayed, the
 *   caller sees a failure (tested with a relay that loses one reply: the counter moves once). The {@code replayFilter}
 *   that drops {@code EVAL}/{@code EVALSHA}/{@code INCR*}/{@code DECR*} is a second guard for commands buffered while
 *   disconnected, should the disconnected behaviour ever change; note that it does not cover in-flight commands.
 *   Cache writes are one idempotent {@code SET key value EX ttl}, harmless if ever replayed.</li>
 *   <li>back-off: after a command got no answer (timeout, connection error, rejected while disconnected), the cache
 *   and the budget leave Redis alone for 1 s: their commands fail at once, as a failure would (miss, not stored,
 *   budget open), instead of each waiting the command timeout. Then the next command goes through as a probe; an
 *   answer ends the back-off, a failure restarts it. A frozen Redis costs a request one command timeout, not one per
 *   Redis command. This is a {@link CircuitBreaker} that one failure opens for {@link #BACK_OFF}; any answer from
 *   Redis, an error reply included, counts as a success. {@link #ping()} always asks Redis (health tells the truth),
 *   and its outcome feeds the breaker too.</li>
 * </ul>
 */
public final class RedisConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());
    private static final int REQUEST_QUEUE_SIZE = 1_000;
    /** How long Redis is left alone after a command got no answer. */
    static final Duration BACK_OFF = Duration.ofSeconds(1);
    static final Duration TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(30);
    private static final Set<CommandType> NEVER_REPLAYED = Set.of(CommandType.EVAL, CommandType.EVALSHA,
            CommandType.INCR, CommandType.INCRBY, CommandType.DECR, CommandType.DECRBY);

    private final AbstractRedisClient client;
    private final ClientResources resources;
    /** A {@link StatefulRedisConnection}, or a {@link StatefulRedisClusterConnection} for a Redis Cluster. */
    private final StatefulConnection<String, String> connection;
    /** Its synchronous commands; a cluster connection routes each to the node serving its key's slot. */
    private final RedisClusterCommands<String, String> commands;
    private final CircuitBreaker backOff;
    private volatile String lastFailure = "";
    /** Requests sent to Redis and waited for (a pipelined batch is one), health PINGs excluded. */
    private final LongAdder roundTrips = new LongAdder();

    private RedisConnection(AbstractRedisClient client, ClientResources resources,
                            StatefulConnection<String, String> connection, RedisClusterCommands<String, String> commands,
                            CircuitBreaker backOff) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = commands;
        this.backOff = backOff;
    }

    /**
     * Connects, authenticates, selects the database and PINGs, each step bounded by the connect timeout.
     *
     * @throws RedisUnavailableException when any step fails; its message names {@code host:port}, never a password
     */
    public static RedisConnection open(RedisSettings settings) {
        return open(settings, Tracing.disabled());
    }

    /**
     * {@link #open(RedisSettings)} with Lettuce's {@code tracing} of every command (the app passes OpenTelemetry's
     * when traces are on; this adapter knows only Lettuce's interface).
     */
    public static RedisConnection open(RedisSettings settings, Tracing tracing) {
        return open(settings, System::nanoTime, tracing);
    }

    /** {@link #open(RedisSettings)} with the back-off timed by {@code ticker} (tests pass a fake one). */
    static RedisConnection open(RedisSettings settings, Ticker ticker) {
        return open(settings, ticker, Tracing.disabled());
    }

    private static RedisConnection open(RedisSettings settings, Ticker ticker, Tracing tracing) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tracing, "tracing");
        CircuitBreaker backOff = new CircuitBreaker(ticker, 1, BACK_OFF);
        RedisURI uri = settings.cluster() ? settings.toClusterUris().get(0) : settings.toRedisUri();
        String address = settings.address() + "/" + uri.getDatabase();
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(5), 100,
                        TimeUnit.MILLISECONDS))
                .tracing(tracing)
                .build();
        AbstractRedisClient client = null;
        StatefulConnection<String, String> connection = null;
        RedisClusterCommands<String, String> commands;
        try {
            if (settings.cluster()) {
                RedisClusterClient clusterClient = RedisClusterClient.create(resources, settings.toClusterUris());
                client = clusterClient;
                clusterClient.setOptions(clusterOptions(settings));
                StatefulRedisClusterConnection<String, String> clusterConnection = clusterClient.connect(StringCodec.UTF8);
                connection = clusterConnection;
                commands = clusterConnection.sync();
            } else {
                RedisClient redisClient = RedisClient.create(resources, uri);
                client = redisClient;
                redisClient.setOptions(clientOptions(settings));
                StatefulRedisConnection<String, String> redisConnection = redisClient.connect(StringCodec.UTF8);
                connection = redisConnection;
                commands = redisConnection.sync();
            }
            connection.setTimeout(settings.commandTimeout());
            String pong = firstPing(commands, settings.connectTimeout());
            if (!"PONG".equalsIgnoreCase(pong)) {
                throw new IllegalStateException("PING answered " + pong);
            }
        } catch (RuntimeException e) {
            if (connection != null) {
                connection.closeAsync();
            }
            shutdown(client, resources);
            throw new RedisUnavailableException("Redis at " + address + " is unavailable: "
                    + withoutSecret(OutageLog.describe(rootCause(e)), settings)
                    + ". Check REDIS_URL, REDIS_PASSWORD and REDIS_DB.", null);
        }
        LOG.log(System.Logger.Level.INFO, "Connected to Redis at {0}{1}", address, uri.isSsl() ? " (TLS)" : "");
        return new RedisConnection(client, resources, connection, commands, backOff);
    }

    /**
     * The start's PING, asked again while it times out, until {@code within} has passed: on a busy machine a server's
     * (or Lettuce's) first answer can take longer than one command timeout, and the connect timeout is what start
     * promises to wait.
     */
    private static String firstPing(RedisClusterCommands<String, String> commands, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return commands.ping();
            } catch (RedisCommandTimeoutException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether Redis answers a PING right now, within the command timeout. Never throws: for health checks. It asks
     * Redis even during a back-off (see the class comment), and an answer ends the back-off.
     */
    public boolean ping() {
        try {
            String pong = commands.ping();
            backOff.succeeded();
            return "PONG".equalsIgnoreCase(pong);
        } catch (RedisCommandExecutionException e) {
            backOff.succeeded();
            return false;
        } catch (RuntimeException e) {
            failed(e);
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
        shutdown(client, resources);
    }

    /**
     * Runs {@code command} on Redis unless a back-off is in force, and feeds its outcome to the back-off: a result or
     * an error reply ({@link RedisCommandExecutionException}: Redis answered) ends a back-off; any other failure
     * (timeout, connection error, rejected while disconnected) starts one. Exceptions reach the caller unchanged.
     *
     * @throws BackingOffException at once, without asking Redis, during a back-off
     */
    <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
        if (!backOff.tryAcquire()) {
            throw new BackingOffException("Redis not asked: backing off for " + BACK_OFF.toMillis()
                    + " ms after a command failed (" + lastFailure + ")");
        }
        T result;
        roundTrips.increment();
        try {
            result = command.apply(commands);
        } catch (RedisCommandExecutionException e) {
            backOff.succeeded();
            throw e;
        } catch (RuntimeException | Error e) {
            failed(e);
            throw e;
        }
        backOff.succeeded();
        return result;
    }

    /**
     * Requests sent to Redis and waited for, since start: one per {@link #call} or {@link #callAsync} that reached
     * Redis (commands pipelined inside one of them count once; refused ones during a back-off and health PINGs not
     * at all). For metrics, and for tests that count what a request costs.
     */
    public long roundTrips() {
        return roundTrips.sum();
    }

    /** Whether commands are being refused or probed after a failure (for tests). */
    boolean backingOff() {
        return backOff.state() != CircuitBreaker.State.CLOSED;
    }

    /** Commands refused without asking Redis, during back-offs, since start (for tests). */
    long refusals() {
        return backOff.rejections();
    }

    private void failed(Throwable failure) {
        lastFailure = OutageLog.describe(failure);
        backOff.failed();
    }

    /** A command refused during a back-off. It has no stack trace: it is thrown on every refused command. */
    static final class BackingOffException extends RuntimeException {
        BackingOffException(String message) {
            super(message, null, false, false);
        }
    }

    static ClientOptions clientOptions(RedisSettings settings) {
        return common(ClientOptions.builder(), settings).build();
    }

    /**
     * {@link #clientOptions}, plus a topology refreshed every 30 s and at once on a {@code MOVED}/{@code ASK}
     * redirect, a failed reconnect or a node leaving (adaptive triggers, at most one refresh per 5 s), so that a
     * restarted or replaced node is found again.
     */
    static ClusterClientOptions clusterOptions(RedisSettings settings) {
        ClusterClientOptions.Builder builder = ClusterClientOptions.builder();
        common(builder, settings);
        return builder.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH_PERIOD)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(5))
                        .refreshTriggersReconnectAttempts(1)
                        .build())
                .build();
    }

    private static <B extends ClientOptions.Builder> B common(B builder, RedisSettings settings) {
        builder.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .replayFilter(neverReplayed())
                .pingBeforeActivateConnection(true)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.connectTimeout())
                        .keepAlive(SocketOptions.KeepAliveOptions.builder()
                                .enable()
                                .idle(Duration.ofSeconds(15))
                                .interval(Duration.ofSeconds(5))
                                .count(3)
                                .build())
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()));
        return builder;
    }

    /** Commands dropped (failed) instead of replayed after a reconnect: anything that counts. */
    static Predicate<RedisCommand<?, ?, ?>> neverReplayed() {
        return command -> command.getType() instanceof CommandType type && NEVER_REPLAYED.contains(type);
    }

    private static void shutdown(AbstractRedisClient client, ClientResources resources) {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String withoutSecret(String text, RedisSettings settings) {
        String result = text;
        if (settings.password().isPresent()) {
            result = result.replace(settings.password().get(), "***");
        }
        if (settings.urlPassword().isPresent()) {
            result = result.replace(settings.urlPassword().get(), "***");
        }
        return result;
    }

    /**
     * A second connection to the same Redis, with the same options, for pub/sub (see {@link RedisChannels}): a
     * subscribed connection takes no other command. Lettuce re-subscribes it by itself after a reconnect. On a Redis
     * Cluster it is a connection to one node, which receives what is published on any node (Redis forwards
     * {@code PUBLISH} to the whole cluster).
     */
    io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> connectPubSub() {
        io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String> pubSub =
                client instanceof RedisClusterClient cluster ? cluster.connectPubSub(StringCodec.UTF8)
                        : ((RedisClient) client).connectPubSub(StringCodec.UTF8);
        pubSub.setTimeout(connection.getTimeout());
        return pubSub;
    }

    /**
     * {@link #call} without a waiting thread: {@code command} sends on Lettuce's async API and the stage completes on
     * Lettuce's I/O thread. Same back-off: refused at once (a {@link BackingOffException} stage) during a back-off, and
     * the outcome feeds the breaker as in {@link #call}.
     *
     * <p>The caller gets a copy of the reply: it may stop waiting (complete it, {@code orTimeout}) without keeping the
     * breaker from hearing how Redis answered. A {@code whenComplete} stage completed by its caller never runs its
     * action; a probe whose outcome is never reported would leave the back-off half-open, refusing every command
     * until a health check PINGs (found by {@code benchmarks/soak/run.sh}: the rate limiter's 50 ms bound after a
     * {@code CLIENT PAUSE}).
     */
    <T> CompletionStage<T> callAsync(Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> command) {
        if (!backOff.tryAcquire()) {
            return CompletableFuture.failedFuture(new BackingOffException("Redis not asked: backing off for "
                    + BACK_OFF.toMillis() + " ms after a command failed (" + lastFailure + ")"));
        }
        CompletionStage<T> reply;
        roundTrips.increment();
        try {
            reply = command.apply(asyncCommands());
        } catch (RuntimeException | Error e) {
            failed(e);
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> answer = reply.toCompletableFuture();
        answer.whenComplete((result, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause == null || cause instanceof RedisCommandExecutionException) {
                backOff.succeeded();
            } else {
                failed(cause);
            }
        });
        return answer.copy();
    }

    /** Whether this is a Redis Cluster's connection, where one script reaches the keys of one slot only. */
    boolean cluster() {
        return connection instanceof StatefulRedisClusterConnection;
    }

    /** The asynchronous commands of whichever connection was opened (a cluster's route each to its key's node). */
    private RedisClusterAsyncCommands<String, String> asyncCommands() {
        return connection instanceof StatefulRedisClusterConnection<String, String> cluster ? cluster.async()
                : ((StatefulRedisConnection<String, String>) connection).async();
    }
}
