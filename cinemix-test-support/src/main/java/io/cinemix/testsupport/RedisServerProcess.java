package io.cinemix.testsupport;

import org.junit.jupiter.api.Assertions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} process from the PATH (a server or, with {@code --sentinel}, a sentinel), logging to
 * {@code redis.log} in a directory of its own: started and waited for until it answers, frozen and thawed with
 * {@code SIGSTOP}/{@code SIGCONT}, stopped with {@code SIGTERM}. A shutdown hook kills it should a test not stop it.
 */
final class RedisServerProcess {
    private final Process process;
    private final Path dir;

    private RedisServerProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** A data server on {@code 127.0.0.1:port}, persistence off, with extra flags (e.g. {@code --requirepass}). */
    static RedisServerProcess startServer(int port, Path dir, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--loglevel", "warning"));
        args.addAll(extraArgs);
        return start(port, dir, args);
    }

    /** {@code redis-server args…}, which listens on {@code port}; returns once it answers there. */
    static RedisServerProcess start(int port, Path dir, List<String> args) {
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start redis-server: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "local-redis-kill"));
        RedisServerProcess server = new RedisServerProcess(process, dir);
        try {
            server.awaitAnswering(port);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return server;
    }

    static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a directory for redis-server", e);
        }
    }

    /** Polls until the server answers anything to {@code PING} ({@code -NOAUTH} counts), for at most 10 s. */
    private void awaitAnswering(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                Assertions.fail("redis-server exited at start: " + log());
            }
            if (RedisReplies.answers(port)) {
                return;
            }
            try {
                Thread.sleep(20); // nothing tells when the port opens: ask again shortly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Assertions.fail("redis-server did not answer on port " + port + " within 10 s: " + log());
    }

    /** Freezes the server ({@code kill -STOP}): connections stay open, nothing answers. */
    void pause() {
        Assertions.assertTrue(signal("-STOP"), "kill -STOP " + process.pid());
    }

    /** Thaws a {@link #pause() paused} server ({@code kill -CONT}). */
    void resume() {
        Assertions.assertTrue(signal("-CONT"), "kill -CONT " + process.pid());
    }

    /** Stops the server ({@code SIGTERM}, after thawing it should it be paused; nothing is saved), if it runs. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        signal("-CONT"); // a paused server would not act on SIGTERM
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (at most 10 s) for the server to exit by itself, e.g. on {@code SHUTDOWN NOSAVE}. */
    void awaitExit(String cause) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("redis-server did not stop on " + cause + " within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Fails the test with {@link LocalRedis#INSTALL_HINT} when there is no redis-server on the PATH. */
    static void requireOnPath() {
        if (!onPath()) {
            Assertions.fail(LocalRedis.INSTALL_HINT);
        }
    }

    static boolean onPath() {
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
