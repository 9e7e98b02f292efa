package io.cinemix.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * available). {@link #admin()} (Lettuce) and {@link #command(String...)} (plain RESP, for modules that do not know
 * Lettuce) look at what was stored.
 *
 * <p>Shared with cinemix-app's tests through this module's test-jar.
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
    private Process process;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> adminConnection;

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
        shared.admin().flushdb();
        return shared;
    }

    /**
     * A redis-server of this test's own, from the PATH, on a free port, with extra server flags (e.g.
     * {@code --requirepass}), that the test may stop, restart on the same port or freeze; never {@code REDIS_URL}'s
     * server, which others share. {@link #close()} stops it.
     */
    public static LocalRedis startOwn(String... extraArgs) {
        if (!redisServerOnPath()) {
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
        if (redisServerOnPath()) {
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

    /** Settings for the adapter: this server, 1 s connect timeout, 300 ms command timeout. */
    public RedisSettings settings() {
        return new RedisSettings(url, password, database, Duration.ofSeconds(1), Duration.ofMillis(300));
    }

    /** A plain Lettuce client on the same database, to look at what the adapter stored. */
    public synchronized RedisCommands<String, String> admin() {
        if (adminConnection == null || !adminConnection.isOpen()) {
            RedisURI uri = settings().toRedisUri();
            uri.setTimeout(Duration.ofSeconds(5));
            adminClient = RedisClient.create(uri);
            adminConnection = adminClient.connect();
        }
        return adminConnection.sync();
    }

    /**
     * Sends one command over plain RESP (after AUTH and SELECT when the settings ask for them) on a connection of its
     * own, and answers the first line of the reply (e.g. {@code :1}, {@code +OK}), or a bulk string's value.
     */
    public String command(String... args) {
        RedisURI uri = settings().toRedisUri();
        if (uri.isSsl()) {
            throw new IllegalStateException("command(...) speaks plain RESP; use admin() for a TLS Redis");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
            if (credentials != null && credentials.hasPassword()) {
                String secret = new String(credentials.getPassword());
                expectOk(send(out, in, credentials.hasUsername()
                        ? new String[] {"AUTH", credentials.getUsername(), secret} : new String[] {"AUTH", secret}));
            }
            if (uri.getDatabase() != 0) {
                expectOk(send(out, in, "SELECT", Integer.toString(uri.getDatabase())));
            }
            return send(out, in, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String send(OutputStream out, BufferedReader in, String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String first = in.readLine();
        if (first != null && first.startsWith("$") && !first.equals("$-1")) {
            return in.readLine();
        }
        return first;
    }

    private static void expectOk(String reply) {
        if (!"+OK".equals(reply)) {
            // The reply may name the user, never the password.
            throw new IllegalStateException("Redis refused the handshake: " + reply);
        }
    }

    /** Stops the server (SIGTERM, after thawing it should it be paused; nothing is saved). */
    public void stop() {
        ownProcess();
        stopProcess();
    }

    /** Kills the server abruptly ({@code SHUTDOWN NOSAVE}: everything it held is gone) and waits until it is down. */
    public void shutdownNoSave() {
        Process running = ownProcess();
        closeAdmin();
        try {
            command("SHUTDOWN", "NOSAVE");
        } catch (UncheckedIOException expected) {
            // The server closes the connection instead of answering.
        }
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server did not stop on SHUTDOWN NOSAVE within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a fresh, empty server on the same port with the same flags (stopping the running one first). */
    public void restart() {
        stop();
        process = launch(port, serverArgs, dir);
    }

    /** Freezes the server ({@code kill -STOP}): connections stay open, nothing answers. */
    public void pause() {
        signal("-STOP");
    }

    /** Thaws a {@link #pause() paused} server ({@code kill -CONT}). */
    public void resume() {
        signal("-CONT");
    }

    /** Stops a server of the test's own ({@link #startOwn}); the {@link #shared()} one lives until the JVM exits. */
    @Override
    public void close() {
        if (this != shared) {
            release();
        }
    }

    private void release() {
        stopProcess();
        if (container != null) {
            try {
                container.close();
            } catch (Exception ignored) {
                // best effort at the end of the tests
            }
        }
    }

    private void stopProcess() {
        closeAdmin();
        if (process != null && process.isAlive()) {
            sendSignal("-CONT"); // a paused server would not act on SIGTERM
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void closeAdmin() {
        if (adminClient != null) {
            adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            adminClient = null;
            adminConnection = null;
        }
    }

    private Process ownProcess() {
        if (process == null) {
            throw new IllegalStateException("Only a redis-server this test started can be stopped or frozen");
        }
        return process;
    }

    private void signal(String signal) {
        Assertions.assertTrue(sendSignal(signal), "kill " + signal + " " + ownProcess().pid());
    }

    private boolean sendSignal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(ownProcess().pid())).inheritIO().start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static LocalRedis startProcess(int port, List<String> extraArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("cinemix-redis-");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a directory for redis-server", e);
        }
        LocalRedis redis = new LocalRedis("redis://127.0.0.1:" + port, Optional.empty(), OptionalInt.empty(), port,
                extraArgs, dir, null);
        redis.process = launch(port, extraArgs, dir);
        return redis;
    }

    /** Starts redis-server; a shutdown hook stops it should a test not close it. */
    private static Process launch(int port, List<String> extraArgs, Path dir) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(extraArgs);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "local-redis-kill"));
            awaitListening(port, process, dir);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start redis-server: " + e.getMessage(), e);
        }
    }

    /** Polls until the server answers anything to PING (NOAUTH counts), for at most 10 s. */
    private static void awaitListening(int port, Process process, Path dir) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Assertions.fail("redis-server exited at start: " + readLog(dir));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                socket.setSoTimeout(500);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                if (in.read() >= 0) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Assertions.fail("redis-server did not answer on port " + port + " within 10 s: " + readLog(dir));
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    static boolean redisServerOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(entry, "redis-server"))) {
                return true;
            }
        }
        return false;
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
