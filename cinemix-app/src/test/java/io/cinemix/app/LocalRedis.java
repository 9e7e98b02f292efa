package io.cinemix.app;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for the tests: {@code REDIS_URL} if set (password-less; its database is flushed), else a
 * {@code redis-server} from the PATH started on a free port (persistence off) and stopped at JVM exit, else the test
 * fails saying what to install. {@link #command} speaks plain RESP, to look at what the app stored.
 * {@link #dedicated()} starts a server of the test's own, to kill, restart or freeze.
 */
final class LocalRedis implements AutoCloseable {
    static final String INSTALL_HINT =
            "No Redis for the tests: install redis-server (apt-get install -y redis-server) or set REDIS_URL.";
    private static LocalRedis shared;

    private final String url;
    private final String host;
    private final int port;
    /** The redis-server this JVM started, or {@code null} for {@code REDIS_URL}'s. */
    private Process process;

    private LocalRedis(String url) {
        this.url = url;
        URI uri = URI.create(url);
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 6379 : uri.getPort();
    }

    static synchronized LocalRedis shared() {
        if (shared == null) {
            String envUrl = System.getenv("REDIS_URL");
            if (envUrl != null && !envUrl.isBlank()) {
                shared = new LocalRedis(envUrl);
            } else if (redisServerOnPath()) {
                shared = start(freePort());
            } else {
                throw new AssertionError(INSTALL_HINT);
            }
        }
        shared.command("FLUSHDB");
        return shared;
    }

    String url() {
        return url;
    }

    /** Sends one command and answers the first line of the reply (e.g. {@code :1}, {@code +OK}, {@code $5}). */
    String command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(5000);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            if (first != null && first.startsWith("$") && !first.equals("$-1")) {
                return in.readLine();
            }
            return first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A redis-server of the test's own (persistence off, on a free port) that the test may kill, restart on the same
     * port or freeze; never {@code REDIS_URL}'s server, which others share. Needs redis-server on the PATH.
     * {@link #close()} stops it.
     */
    static LocalRedis dedicated() {
        if (!redisServerOnPath()) {
            throw new AssertionError("This test kills and freezes its own Redis: install redis-server "
                    + "(apt-get install -y redis-server).");
        }
        return start(freePort());
    }

    private static LocalRedis start(int port) {
        LocalRedis redis = new LocalRedis("redis://127.0.0.1:" + port);
        redis.launch();
        return redis;
    }

    /** Starts redis-server on this instance's port and waits (at most 10 s) until it answers PING. */
    private void launch() {
        try {
            Path dir = Files.createTempDirectory("cinemix-app-redis-");
            Process started = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--daemonize", "no", "--loglevel", "warning"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            process = started;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "local-redis-stop"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try {
                    if ("+PONG".equals(command("PING"))) {
                        return;
                    }
                } catch (UncheckedIOException notYet) {
                    Thread.sleep(20);
                }
            }
            throw new AssertionError("redis-server did not answer on port " + port + " within 10 s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server abruptly ({@code SHUTDOWN NOSAVE}: everything it held is gone) and waits until it is down. */
    void shutdownNoSave() {
        Process running = ownProcess();
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

    /** Starts a new, empty server on the same port after {@link #shutdownNoSave()}. */
    void restart() {
        if (ownProcess().isAlive()) {
            throw new IllegalStateException("redis-server is still running");
        }
        launch();
    }

    /** Freezes the server ({@code kill -STOP}): connections stay open, nothing answers. */
    void pause() {
        signal("-STOP");
    }

    /** Thaws a {@link #pause() paused} server ({@code kill -CONT}). */
    void resume() {
        signal("-CONT");
    }

    /** Stops a {@link #dedicated()} server (thawed first, should it be paused); the shared one lives until JVM exit. */
    @Override
    public void close() {
        if (this != shared && process != null && process.isAlive()) {
            resume();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process ownProcess() {
        if (process == null) {
            throw new IllegalStateException("Only a redis-server this test started can be stopped or frozen");
        }
        return process;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(ownProcess().pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill " + signal + " " + ownProcess().pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean redisServerOnPath() {
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
}
