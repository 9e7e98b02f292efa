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
 */
final class LocalRedis {
    static final String INSTALL_HINT =
            "No Redis for the tests: install redis-server (apt-get install -y redis-server) or set REDIS_URL.";
    private static LocalRedis shared;

    private final String url;
    private final String host;
    private final int port;

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
                shared = start();
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

    private static LocalRedis start() {
        int port = freePort();
        try {
            Path dir = Files.createTempDirectory("cinemix-app-redis-");
            Process process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--daemonize", "no", "--loglevel", "warning"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "local-redis-stop"));
            LocalRedis redis = new LocalRedis("redis://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                try {
                    if ("+PONG".equals(redis.command("PING"))) {
                        return redis;
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
