package io.cinemix.testsupport;

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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

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
 * available). {@link #command(String...)} (plain RESP) looks at what was stored; a module with a Redis client of its
 * own builds it from {@link #url()}, {@link #password()} and {@link #database()} and closes it {@link #onStop}.
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
     * Sends one command over plain RESP (after AUTH and SELECT when the settings ask for them) on a connection of its
     * own, and answers the first line of the reply (e.g. {@code :1}, {@code +OK}), or a bulk string's value.
     */
    public String command(String... args) {
        // redis[s]://[[user]:password@]host[:port][/db]; password() and database() win over the URL's.
        URI uri = URI.create(url);
        String host = uri.getHost();
        int redisPort = uri.getPort() < 0 ? 6379 : uri.getPort();
        String userInfo = uri.getUserInfo();
        String user = userInfo == null || !userInfo.contains(":") ? "" : userInfo.substring(0, userInfo.indexOf(':'));
        String secret = password.orElse(userInfo == null ? "" : userInfo.substring(userInfo.indexOf(':') + 1));
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        int db = database.isPresent() ? database.getAsInt() : path.isEmpty() ? 0 : Integer.parseInt(path);
        try (Socket socket = open(host, redisPort, "rediss".equalsIgnoreCase(uri.getScheme()))) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            if (!secret.isEmpty()) {
                expectOk(send(out, in, user.isEmpty()
                        ? new String[] {"AUTH", secret} : new String[] {"AUTH", user, secret}));
            }
            if (db != 0) {
                expectOk(send(out, in, "SELECT", Integer.toString(db)));
            }
            return send(out, in, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one command over plain RESP to {@code 127.0.0.1:port} (no AUTH, no SELECT) and answers the whole reply,
     * flattened: an array's elements in order, a bulk string's lines (e.g. {@code INFO}'s), a status or an error as its
     * first line ({@code +OK}, {@code -ERR …}), an integer as {@code :1}.
     */
    public static List<String> reply(int port, String... args) {
        try (Socket socket = open("127.0.0.1", port, false)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            write(out, args);
            List<String> lines = new ArrayList<>();
            readReply(in, lines);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readReply(BufferedReader in, List<String> lines) throws IOException {
        String first = in.readLine();
        if (first == null) {
            throw new IOException("Redis closed the connection");
        }
        if (first.startsWith("*") && !first.equals("*-1")) {
            int count = Integer.parseInt(first.substring(1));
            for (int i = 0; i < count; i++) {
                readReply(in, lines);
            }
        } else if (first.startsWith("$") && !first.equals("$-1")) {
            long length = Long.parseLong(first.substring(1));
            long read = 0;
            while (read < length) {
                String line = in.readLine();
                lines.add(line);
                read += line.getBytes(StandardCharsets.UTF_8).length + 2;
            }
            if (read == length) {
                in.readLine(); // the bulk ended with a line break: its terminator is still unread
            }
        } else {
            lines.add(first);
        }
    }

    /** A plain socket, or for {@code rediss://} a TLS one verifying the server's certificate and name. */
    private static Socket open(String host, int port, boolean tls) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 2000);
        if (!tls) {
            return socket;
        }
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static String send(OutputStream out, BufferedReader in, String... args) throws IOException {
        write(out, args);
        String first = in.readLine();
        if (first != null && first.startsWith("$") && !first.equals("$-1")) {
            return in.readLine();
        }
        return first;
    }

    private static void write(OutputStream out, String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
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
        runOnStop();
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
        runOnStop();
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

    private synchronized void runOnStop() {
        List<Runnable> actions = List.copyOf(onStop);
        onStop.clear();
        actions.forEach(Runnable::run);
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
    static void awaitListening(int port, Process process, Path dir) {
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

    static String readLog(Path dir) {
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

    /** Fails the test with {@link #INSTALL_HINT} when there is no redis-server on the PATH. */
    static void requireRedisServer() {
        if (!redisServerOnPath()) {
            Assertions.fail(INSTALL_HINT);
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
