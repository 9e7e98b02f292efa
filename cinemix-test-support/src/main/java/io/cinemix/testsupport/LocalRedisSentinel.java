package io.cinemix.testsupport;

import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A real Sentinel setup for the tests: a master and one replica ({@link LocalRedis#startOwn}) watched by 1–3
 * sentinels ({@code redis-server sentinel.conf --sentinel}), all from the PATH on free ports, each in a temporary
 * directory. The master is named {@value #MASTER}; the sentinels declare it down after 500 ms and time a failover out
 * after 2 s, so that a failover takes seconds. {@link #close()} stops everything.
 */
public final class LocalRedisSentinel implements AutoCloseable {
    public static final String MASTER = "mymaster";
    private static final long DOWN_AFTER_MILLIS = 500;
    private static final long FAILOVER_TIMEOUT_MILLIS = 2_000;

    private final List<LocalRedis> servers;
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<RedisServerProcess> sentinels = new ArrayList<>();

    private LocalRedisSentinel(List<LocalRedis> servers) {
        this.servers = servers;
    }

    /** Starts a master, a replica in sync with it, and {@code sentinels} sentinels that all know both and each other. */
    public static LocalRedisSentinel start(int sentinels) {
        RedisServerProcess.requireOnPath();
        LocalRedis master = LocalRedis.startOwn();
        LocalRedis replica = LocalRedis.startOwn("--replicaof", "127.0.0.1", Integer.toString(master.port()));
        LocalRedisSentinel setup = new LocalRedisSentinel(List.of(master, replica));
        try {
            await("the replica to sync with the master",
                    () -> LocalRedis.reply(replica.port(), "INFO", "replication").contains("master_link_status:up"));
            int quorum = sentinels / 2 + 1;
            for (int i = 0; i < sentinels; i++) {
                setup.startSentinel(master.port(), quorum);
            }
            for (int port : setup.sentinelPorts) {
                await("sentinel " + port + " to know the replica and the other sentinels", () -> {
                    List<String> state = LocalRedis.reply(port, "SENTINEL", "MASTER", MASTER);
                    return field(state, "num-slaves").equals("1")
                            && field(state, "num-other-sentinels").equals(Integer.toString(sentinels - 1));
                });
            }
            return setup;
        } catch (RuntimeException | Error e) {
            setup.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2/mymaster}, the form REDIS_URL takes. */
    public String url() {
        return "redis-sentinel://" + sentinelPorts.stream().map(port -> "127.0.0.1:" + port)
                .collect(Collectors.joining(",")) + "/" + MASTER;
    }

    /** The server the sentinels currently name as the master. */
    public LocalRedis master() {
        int port = masterPort();
        return servers.stream().filter(server -> server.port() == port).findFirst()
                .orElseThrow(() -> new AssertionError("The sentinels name an unknown master on port " + port));
    }

    /** The server that is not {@link #master()}. */
    public LocalRedis replica() {
        LocalRedis master = master();
        return servers.stream().filter(server -> server != master).findFirst().orElseThrow();
    }

    /** Asks the first sentinel for a failover ({@code SENTINEL FAILOVER mymaster}); the old master stays up. */
    public void failover() {
        String answer = LocalRedis.reply(sentinelPorts.get(0), "SENTINEL", "FAILOVER", MASTER).get(0);
        Assertions.assertEquals("+OK", answer, "SENTINEL FAILOVER");
    }

    /** Waits (at most 20 s) until the sentinels name {@code server} as the master and it says it is one. */
    public void awaitMaster(LocalRedis server) {
        await("the sentinels to promote port " + server.port(), () -> sentinelPorts.stream()
                .allMatch(port -> masterPortBy(port) == server.port())
                && LocalRedis.reply(server.port(), "ROLE").get(0).equals("master"));
    }

    private int masterPort() {
        return masterPortBy(sentinelPorts.get(0));
    }

    private static int masterPortBy(int sentinelPort) {
        List<String> address = LocalRedis.reply(sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER);
        return Integer.parseInt(address.get(1));
    }

    @Override
    public void close() {
        sentinels.forEach(RedisServerProcess::stop);
        servers.forEach(LocalRedis::close);
    }

    private void startSentinel(int masterPort, int quorum) {
        int port = LocalRedis.freePort();
        Path dir = RedisServerProcess.newDirectory("cinemix-sentinel-");
        Path config = dir.resolve("sentinel.conf");
        try {
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "daemonize no",
                    "dir " + dir,
                    "loglevel warning",
                    "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " " + quorum,
                    "sentinel down-after-milliseconds " + MASTER + " " + DOWN_AFTER_MILLIS,
                    "sentinel failover-timeout " + MASTER + " " + FAILOVER_TIMEOUT_MILLIS,
                    ""));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + config, e);
        }
        sentinelPorts.add(port);
        sentinels.add(RedisServerProcess.start(port, dir, List.of(config.toString(), "--sentinel")));
    }

    /** The value after {@code name} in a flattened field/value reply. */
    private static String field(List<String> reply, String name) {
        int index = reply.indexOf(name);
        return index < 0 || index + 1 >= reply.size() ? "" : reply.get(index + 1);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // a server between states; ask again
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        Assertions.fail("Timed out after 20 s waiting for " + what);
    }
}
