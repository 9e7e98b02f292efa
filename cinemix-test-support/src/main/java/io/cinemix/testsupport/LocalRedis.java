package io.cinemix.testsupport;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for the tests, found the way the project's rules say:
 * <ol>
 *   <li>{@code REDIS_URL} if set (with {@code REDIS_PASSWORD}/{@code REDIS_DB} if set): the tests flush only that
 *   database, never the whole server;</li>
 *   <li>else a {@code redis-server} from the PATH, started on a free port in a temporary directory with persistence
 *   off, and stopped when the tests end;</li>
 *   <li>else, when {@code docker info} works, a Testcontainers {@code redis:7-alpine};</li>
 *   <li>else the tests fail and say what to install.</li>
 * </ol>
 * Tests that stop, pause or restart Redis, or need special server flags, start their own server with
 * {@link #startOwn(String...)} (a {@code redis-server} from the PATH only; skipped when only {@code REDIS_URL} is
 * available). {@link #command(String...)} (any command, sent with Lettuce: {@link RedisReplies}) looks at what was
 * stored; a module with a Redis client of its own builds it from {@link #url()}, {@link #password()} and
 * {@link #database()} and closes it {@link #onStop}.
 */
public final class LocalRedis implements AutoCloseable {
    public static final String INSTALL_HINT =
            "No Redis for the tests: install redis-server (apt-get install -y redis-server) or set REDIS_URL.";
    private static LocalRedis shared;

    private final String url;
    private final Optional<String> password;
    private final OptionalInt database;
    private final int port;
    private final List<String> serverArgs;
    private final Path dir;
    private final AutoCloseable container;
    /** The redis-server this JVM started, or {@code null} for {@code REDIS_URL}'s or a container. */
    private RedisServerProcess server;
    private final List<Runnable> onStop = new ArrayList<>();

    private LocalRedis(String url, Optional<String> password, OptionalInt database, int port, List<String> serverArgs,
                       Path dir, AutoCloseable container) {
        this.url = url;
        this.password = password;
        this.database = database;
        this.port = port;
        this.serverArgs = serverArgs;
        this.dir = dir;
        this.container = container;
    }

    /**
     * The Redis shared by the tests that neither stop it nor need special flags; its database is flushed. It lives
     * until the JVM exits: {@link #close()} leaves it running.
     */
    public static synchronized LocalRedis shared() {
        if (shared == null) {
            shared = findShared();
            LocalRedis created = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(created::release, "local-redis-stop"));
        }
        shared.command("FLUSHDB");
        return shared;
    }

    /**
     * A redis-server of this test's own, from the PATH, on a free port, with extra server flags (e.g.
     * {@code --requirepass}), that the test may stop, restart on the same port or freeze; never {@code REDIS_URL}'s
     * server, which others share. {@link #close()} stops it.
     */
    public static LocalRedis startOwn(String... extraArgs) {
        if (!RedisServerProcess.onPath()) {
            if (isSet(System.getenv("REDIS_URL"))) {
                Assumptions.abort("This test stops or reconfigures Redis, so it needs a redis-server on the PATH.");
            }
            Assertions.fail(INSTALL_HINT);
        }
        return startProcess(freePort(), List.of(extraArgs));
    }

    private static LocalRedis findShared() {
        String envUrl = System.getenv("REDIS_URL");
        if (isSet(envUrl)) {
            String envPassword = System.getenv("REDIS_PASSWORD");
            String envDb = System.getenv("REDIS_DB");
            return new LocalRedis(envUrl, isSet(envPassword) ? Optional.of(envPassword) : Optional.empty(),
                    isSet(envDb) ? OptionalInt.of(Integer.parseInt(envDb.trim())) : OptionalInt.empty(), -1,
                    List.of(), null, null);
        }
        if (RedisServerProcess.onPath()) {
            return startProcess(freePort(), List.of());
        }
        if (dockerWorks()) {
            return startContainer();
        }
        return Assertions.fail(INSTALL_HINT);
    }

    public String url() {
        return url;
    }

    public int port() {
        return port;
    }

    /** {@code REDIS_PASSWORD}'s, when the tests use {@code REDIS_URL}'s server; it wins over the URL's. */
    public Optional<String> password() {
        return password;
    }

    /** {@code REDIS_DB}'s, when the tests use {@code REDIS_URL}'s server; it wins over the URL's. */
    public OptionalInt database() {
        return database;
    }

    /** Runs {@code action} (e.g. closing a client on this server) once, before the server next stops or restarts. */
    public synchronized void onStop(Runnable action) {
        onStop.add(action);
    }

    /**
     * Sends one command (after AUTH and SELECT when the settings ask for them) on a connection of its own, and answers
     * the first line of the reply (e.g. {@code :1}, {@code +OK}, {@code -ERR …}, {@code $-1}, an array's {@code *3}),
     * or a bulk string's value (its first line).
     */
    public String command(String... args) {
        return RedisReplies.send(uri(), args).first();
    }

    /** redis[s]://[[user]:password@]host[:port][/db]; password() and database() win over the URL's. */
    @SuppressWarnings("deprecation") // setCredentialsProvider, its replacement, would drop the URL's ACL username
    private RedisURI uri() {
        RedisURI uri = RedisURI.create(url);
        password.ifPresent(uri::setPassword);
        database.ifPresent(uri::setDatabase);
        return uri;
    }

    /**
     * Sends one command to {@code 127.0.0.1:port} (no AUTH, no SELECT) and answers the whole reply, flattened: an
     * array's elements in order, a bulk string's lines (e.g. {@code INFO}'s), a status or an error as its first line
     * ({@code +OK}, {@code -ERR …}), an integer as {@code :1}.
     */
    public static List<String> reply(int port, String... args) {
        return RedisReplies.send(RedisURI.create("127.0.0.1", port), args).lines();
    }

    /** Stops the server (SIGTERM, after thawing it should it be paused; nothing is saved). */
    public void stop() {
        ownServer();
        stopServer();
    }

    /** Kills the server abruptly ({@code SHUTDOWN NOSAVE}: everything it held is gone) and waits until it is down. */
    public void shutdownNoSave() {
        RedisServerProcess running = ownServer();
        runOnStop();
        try {
            command("SHUTDOWN", "NOSAVE");
        } catch (UncheckedIOException expected) {
            // The server closes the connection instead of answering.
        }
        running.awaitExit("SHUTDOWN NOSAVE");
    }

    /** Starts a fresh, empty server on the same port with the same flags (stopping the running one first). */
    public void restart() {
        stop();
        server = RedisServerProcess.startServer(port, dir, serverArgs);
    }

    /** Freezes the server ({@code kill -STOP}): connections stay open, nothing answers. */
    public void pause() {
        ownServer().pause();
    }

    /** Thaws a {@link #pause() paused} server ({@code kill -CONT}). */
    public void resume() {
        ownServer().resume();
    }

    /** Stops a server of the test's own ({@link #startOwn}); the {@link #shared()} one lives until the JVM exits. */
    @Override
    public void close() {
        if (this != shared) {
            release();
        }
    }

    private void release() {
        stopServer();
        if (container != null) {
            try {
                container.close();
            } catch (Exception ignored) {
                // best effort at the end of the tests
            }
        }
    }

    private void stopServer() {
        runOnStop();
        if (server != null) {
            server.stop();
        }
    }

    private synchronized void runOnStop() {
        List<Runnable> actions = List.copyOf(onStop);
        onStop.clear();
        actions.forEach(Runnable::run);
    }

    private RedisServerProcess ownServer() {
        if (server == null) {
            throw new IllegalStateException("Only a redis-server this test started can be stopped or frozen");
        }
        return server;
    }

    private static LocalRedis startProcess(int port, List<String> extraArgs) {
        Path dir = RedisServerProcess.newDirectory("cinemix-redis-");
        LocalRedis redis = new LocalRedis("redis://127.0.0.1:" + port, Optional.empty(), OptionalInt.empty(), port,
                extraArgs, dir, null);
        redis.server = RedisServerProcess.startServer(port, dir, extraArgs);
        return redis;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    private static boolean dockerWorks() {
        try {
            Process docker = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!docker.waitFor(10, TimeUnit.SECONDS)) {
                docker.destroyForcibly();
                return false;
            }
            return docker.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static LocalRedis startContainer() {
        var container = new org.testcontainers.containers.GenericContainer<>(
                org.testcontainers.utility.DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
        container.start();
        return new LocalRedis("redis://" + container.getHost() + ":" + container.getMappedPort(6379),
                Optional.empty(), OptionalInt.empty(), -1, List.of(), null, container);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
