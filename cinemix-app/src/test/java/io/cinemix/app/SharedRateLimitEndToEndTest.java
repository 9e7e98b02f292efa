package io.cinemix.app;

import io.cinemix.testsupport.LocalRedis;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three app instances in this JVM on one real Redis, as behind a round-robin load balancer: the rate limit is one
 * limit for all of them, and a Redis outage leaves each instance its own local limit, never an error.
 */
class SharedRateLimitEndToEndTest {

    @Test
    void admitsExactlyTenOfThirtyRequestsFromOneClientSpreadOverThreeInstances() {
        try (Instances instances = new Instances(LocalRedis.shared(), "client", "10")) {
            assertThat(instances.statuses(30, "203.0.113.50"))
                    .containsOnly(200, 429).filteredOn(status -> status == 200).hasSize(10);
        }
    }

    @Test
    void sharesTheGlobalLimitBetweenInstances() {
        try (Instances instances = new Instances(LocalRedis.shared(), "global", "3")) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                statuses.addAll(instances.statuses(1, "198.51.100." + i));
            }
            assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429, 429, 429, 429);
        }
    }

    @Test
    void answersFromEachInstancesOwnLimitWhileRedisIsDown() {
        try (LocalRedis redis = LocalRedis.startOwn(); Instances instances = new Instances(redis, "client", "2")) {
            assertThat(instances.statuses(3, "203.0.113.60")).containsExactly(200, 200, 429);
            redis.stop();

            // Each instance now decides alone, with the same policy: 2 admits each, and no 5xx.
            assertThat(instances.statuses(9, "203.0.113.60"))
                    .containsExactly(200, 200, 200, 200, 200, 200, 429, 429, 429);
        }
    }

    /** Three instances on one Redis; requests go round-robin, from one forwarded client address. */
    private static final class Instances implements AutoCloseable {
        private final List<RunningApp> apps = new ArrayList<>();
        private int next;

        Instances(LocalRedis redis, String scope, String maxThreshold) {
            for (int i = 0; i < 3; i++) {
                apps.add(RunningApp.start("redis-url", redis.url(), "rate-limit-scope", scope,
                        "max-threshold", maxThreshold, "trusted-proxies", "127.0.0.1"));
            }
        }

        List<Integer> statuses(int requests, String client) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                RunningApp app = apps.get(next++ % apps.size());
                statuses.add(app.http().get("/api/v1/search/?query=batman", "X-Forwarded-For", client).status());
            }
            return statuses;
        }

        @Override
        public void close() {
            apps.forEach(RunningApp::close);
        }
    }
}
