package io.cinemix.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster for the tests: three masters, no replicas ({@code redis-server --cluster-enabled yes}, each a
 * {@link LocalRedis#startOwn} on a free port in its own directory, so that a restarted node keeps its
 * {@code nodes.conf} and rejoins with its slots). The slots are split in three ({@code CLUSTER ADDSLOTSRANGE}), the
 * nodes meet ({@code CLUSTER MEET}), and {@link #start()} returns once every node reports {@code cluster_state:ok}.
 * A node is declared failed after 1 s ({@code cluster-node-timeout}). {@link #close()} stops every node.
 */
public final class LocalRedisCluster implements AutoCloseable {
    private static final int SLOTS = 16_384;
    private final List<LocalRedis> nodes;

    private LocalRedisCluster(List<LocalRedis> nodes) {
        this.nodes = nodes;
    }

    public static LocalRedisCluster start() {
        RedisServerProcess.requireOnPath();
        List<LocalRedis> nodes = new ArrayList<>();
        LocalRedisCluster cluster = new LocalRedisCluster(nodes);
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(LocalRedis.startOwn("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "1000"));
            }
            for (int i = 0; i < 3; i++) {
                int first = i * SLOTS / 3;
                int last = (i + 1) * SLOTS / 3 - 1;
                expectOk(nodes.get(i).command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first),
                        Integer.toString(last)));
                if (i > 0) {
                    expectOk(nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(nodes.get(i).port())));
                }
            }
            cluster.awaitHealthy();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}, the form REDIS_URL takes. */
    public String url() {
        return "redis-cluster://" + nodes.stream().map(node -> "127.0.0.1:" + node.port())
                .collect(Collectors.joining(","));
    }

    public List<LocalRedis> nodes() {
        return List.copyOf(nodes);
    }

    /** The node serving {@code key}'s slot ({@code CLUSTER KEYSLOT}; the slots never move). */
    public LocalRedis nodeOf(String key) {
        int slot = Integer.parseInt(nodes.get(0).command("CLUSTER", "KEYSLOT", key).substring(1));
        int node = 0;
        while (slot > (node + 1) * SLOTS / 3 - 1) {
            node++;
        }
        return nodes.get(node);
    }

    /** Waits (at most 20 s) until every node reports {@code cluster_state:ok}. */
    public void awaitHealthy() {
        LocalRedisSentinel.await("the cluster to report cluster_state:ok on every node", () -> nodes.stream()
                .allMatch(node -> LocalRedis.reply(node.port(), "CLUSTER", "INFO").contains("cluster_state:ok")));
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedis::close);
    }

    private static void expectOk(String reply) {
        if (!"+OK".equals(reply)) {
            throw new IllegalStateException("Redis Cluster setup failed: " + reply);
        }
    }
}
