package io.cinemix.adapter.redis;

import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;

import io.cinemix.testsupport.LocalRedis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cinemix.adapter.redis.LocalRedisAccess.admin;
import static io.cinemix.adapter.redis.LocalRedisAccess.settings;
import static io.cinemix.adapter.redis.Outages.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUpstreamBudgetTest {
    private LocalRedis redis;
    private RedisCommands<String, String> admin;
    private final List<RedisConnection> connections = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = LocalRedis.shared();
        admin = admin(redis);
    }

    @AfterEach
    void closeConnections() {
        connections.forEach(RedisConnection::close);
    }

    @Test
    void countsToTheDailyLimitThenRefuses() {
        RedisUpstreamBudget budget = budget(3);

        assertThat(budget.remaining()).isEqualTo(3);
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.remaining()).isEqualTo(2);
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).isFalse();
        assertThat(budget.tryConsume()).isFalse();
        assertThat(budget.remaining()).isZero();
        assertThat(admin.get(todaysKey())).as("refusals take nothing").isEqualTo("3");
    }

    @Test
    void twoInstancesShareOneBudget() {
        RedisUpstreamBudget first = budget(4);
        RedisUpstreamBudget second = budget(4);

        assertThat(first.tryConsume()).isTrue();
        assertThat(second.tryConsume()).isTrue();
        assertThat(first.tryConsume()).isTrue();
        assertThat(second.remaining()).isEqualTo(1);
        assertThat(second.tryConsume()).isTrue();
        assertThat(first.tryConsume()).isFalse();
        assertThat(second.tryConsume()).isFalse();
    }

    @Test
    void concurrentCallsFromTwoInstancesNeverSpendMoreThanTheLimit() throws Exception {
        RedisUpstreamBudget first = budget(37);
        RedisUpstreamBudget second = budget(37);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int thread = 0; thread < 8; thread++) {
                RedisUpstreamBudget budget = thread % 2 == 0 ? first : second;
                Callable<Integer> spend = () -> {
                    go.await();
                    int allowed = 0;
                    for (int i = 0; i < 12; i++) {
                        allowed += budget.tryConsume() ? 1 : 0;
                    }
                    return allowed;
                };
                results.add(pool.submit(spend));
            }
            go.countDown();
            int allowed = 0;
            for (Future<Integer> result : results) {
                allowed += result.get();
            }

            assertThat(allowed).isEqualTo(37);
            assertThat(admin.get(todaysKey())).isEqualTo("37");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void exhaustSpendsWhatIsLeftOfTodaysBudgetForEveryInstance() {
        RedisUpstreamBudget first = budget(10);
        RedisUpstreamBudget second = budget(10);
        assertThat(first.tryConsume()).isTrue();

        first.exhaust();

        assertThat(second.remaining()).isZero();
        assertThat(second.tryConsume()).isFalse();
        assertThat(admin.get(todaysKey())).isEqualTo("10");
    }

    @Test
    void theCounterIsNamedForTheUtcDayOfTheRedisClockAndExpiresAfterThatDay() {
        budget(5).tryConsume();

        long secondsToMidnight = secondsToRedisMidnight();
        long ttl = admin.ttl(todaysKey());
        assertThat(todaysKey()).matches("omdb_budget_\\d{4}-\\d{2}-\\d{2}");
        assertThat(ttl).isGreaterThanOrEqualTo(secondsToMidnight)
                .isLessThanOrEqualTo(secondsToMidnight + RedisUpstreamBudget.EXPIRY_MARGIN_SECONDS + 1);
    }

    @Test
    void countsOnTheRedisDayWhenThisMachinesClockSaysAnotherDay() {
        RedisUpstreamBudget budget = new RedisUpstreamBudget(connection(), 5, 0, RedisUpstreamBudget.DEFAULT_KEY_PREFIX,
                Clock.fixed(Instant.parse("2001-01-01T12:00:00Z"), ZoneOffset.UTC));

        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).isTrue();

        long redisDay = Math.floorDiv(Long.parseLong(admin.time().get(0)), 86_400);
        assertThat(todaysKey()).isEqualTo("omdb_budget_" + LocalDate.ofEpochDay(redisDay));
        assertThat(admin.get(todaysKey())).isEqualTo("2");
    }

    @Test
    void exhaustAlsoLeavesAnExpiry() {
        budget(5).exhaust();

        assertThat(admin.ttl(todaysKey())).isGreaterThan(RedisUpstreamBudget.EXPIRY_MARGIN_SECONDS);
    }

    @Test
    void untilResetIsTheTimeToTheNextUtcMidnightByTheRedisClock() {
        Duration untilReset = budget(5).untilReset();

        long expected = secondsToRedisMidnight();
        assertThat(untilReset).isPositive().isLessThanOrEqualTo(Duration.ofDays(1));
        assertThat(untilReset.toSeconds()).isBetween(expected - 2, expected + 1);
    }

    @Test
    void aZeroBudgetRefusesEveryCall() {
        RedisUpstreamBudget budget = budget(0);

        assertThat(budget.tryConsume()).isFalse();
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void rejectsANegativeLimit() {
        RedisConnection connection = connection();
        assertThatThrownBy(() -> new RedisUpstreamBudget(connection, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsCountingAfterRedisForgotTheScript() {
        RedisUpstreamBudget budget = budget(2);
        assertThat(budget.tryConsume()).isTrue();

        admin.scriptFlush();

        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).isFalse();
    }

    @Test
    void aCallWhoseReplyIsLostIsCountedOnceNotReplayedAfterTheReconnect() throws Exception {
        LocalRedis own = LocalRedis.startOwn();
        try (own; ReplyDroppingProxy proxy = new ReplyDroppingProxy(own.port());
             RedisConnection connection = RedisConnection.open(
                     RedisSettings.of("redis://127.0.0.1:" + proxy.port()))) {
            RedisUpstreamBudget budget = new RedisUpstreamBudget(connection, 10);
            assertThat(budget.tryConsume()).isTrue();

            proxy.dropNextReply();
            assertThat(budget.tryConsume()).as("fails open when the answer is lost").isTrue();

            assertThat(eventually(connection::ping)).as("reconnected").isTrue();
            List<String> keys = admin(own).keys("omdb_budget_*");
            assertThat(keys).hasSize(1);
            assertThat(admin(own).get(keys.get(0))).as("executed once, never replayed").isEqualTo("2");
            assertThat(budget.remaining()).isEqualTo(8);
        }
    }

    @Test
    void aClientPastItsShareIsRefusedWhileAnotherClientStillSpendsTheBudget() {
        RedisUpstreamBudget budget = new RedisUpstreamBudget(connection(), 10, 2);
        Requester greedy = Requester.of("198.51.100.7");

        assertThat(budget.spend(greedy).share()).map(ClientShare::left).contains(1L);
        assertThat(budget.spend(greedy).share()).map(ClientShare::left).contains(0L);
        Spend refused = budget.spend(greedy);

        assertThat(refused.outcome()).isEqualTo(Spend.Outcome.SHARE_SPENT);
        assertThat(refused.share().orElseThrow().untilReset().toSeconds())
                .isBetween(secondsToRedisMidnight() - 2, secondsToRedisMidnight());
        assertThat(budget.spend(Requester.of("198.51.100.8")).allowed()).isTrue();
        assertThat(budget.remaining()).as("the refusal took nothing").isEqualTo(7);
        String shares = "omdb_shares_{" + todaysKey() + "}";
        assertThat(admin.hget(shares, "198.51.100.7")).isEqualTo("2");
        assertThat(admin.ttl(shares)).isBetween(secondsToRedisMidnight(), secondsToRedisMidnight() + 3_600);
    }

    @Test
    void twoInstancesCountOneShareForAClient() {
        RedisUpstreamBudget first = new RedisUpstreamBudget(connection(), 10, 3);
        RedisUpstreamBudget second = new RedisUpstreamBudget(connection(), 10, 3);
        Requester client = Requester.of("198.51.100.9");

        assertThat(first.spend(client).allowed()).isTrue();
        assertThat(second.spend(client).allowed()).isTrue();
        assertThat(first.spend(client).allowed()).isTrue();

        assertThat(second.spend(client).outcome()).isEqualTo(Spend.Outcome.SHARE_SPENT);
    }

    @Test
    void nobodyIsNeverChargedAShare() {
        RedisUpstreamBudget budget = new RedisUpstreamBudget(connection(), 10, 1);

        assertThat(budget.spend(Requester.NOBODY)).isEqualTo(Spend.ALLOWED);
        assertThat(budget.spend(Requester.NOBODY)).isEqualTo(Spend.ALLOWED);
        assertThat(admin.keys("omdb_shares_*")).isEmpty();
    }

    @Test
    void theLuaUtcDateAgreesWithJavaFromEpochToTheNextCentury() {
        List<String> days = new ArrayList<>();
        for (long day = -800; day <= 50_000; day += 13) {
            days.add(Long.toString(day));
        }
        for (LocalDate edge : List.of(LocalDate.of(1970, 1, 1), LocalDate.of(2000, 2, 29), LocalDate.of(2000, 3, 1),
                LocalDate.of(2024, 12, 31), LocalDate.of(2025, 1, 1), LocalDate.of(2100, 2, 28),
                LocalDate.of(2100, 3, 1))) {
            days.add(Long.toString(edge.toEpochDay()));
        }
        String script = RedisUpstreamBudget.UTC_DATE_FUNCTION + """
                local out = {}
                for i, day in ipairs(ARGV) do out[i] = utc_date(tonumber(day)) end
                return out
                """;

        List<Object> dates = admin.eval(script, ScriptOutputType.MULTI, new String[0], days.toArray(String[]::new));

        for (int i = 0; i < days.size(); i++) {
            assertThat(dates.get(i)).as("day %s", days.get(i))
                    .isEqualTo(LocalDate.ofEpochDay(Long.parseLong(days.get(i))).toString());
        }
    }

    private RedisUpstreamBudget budget(long limit) {
        return new RedisUpstreamBudget(connection(), limit);
    }

    private RedisConnection connection() {
        RedisConnection connection = RedisConnection.open(settings(redis));
        connections.add(connection);
        return connection;
    }

    private String todaysKey() {
        List<String> keys = admin.keys("omdb_budget_*");
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    private long secondsToRedisMidnight() {
        long now = Long.parseLong(admin.time().get(0));
        return (Math.floorDiv(now, 86_400) + 1) * 86_400 - now;
    }
}
