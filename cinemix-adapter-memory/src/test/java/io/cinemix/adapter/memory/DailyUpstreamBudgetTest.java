package io.cinemix.adapter.memory;

import io.cinemix.core.port.ClientShare;
import io.cinemix.core.port.Requester;
import io.cinemix.core.port.Spend;

import io.cinemix.core.fake.MutableClock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DailyUpstreamBudgetTest {
    private final MutableClock clock = MutableClock.at("2026-11-27T18:00:00Z");

    @Test
    void allowsTheDailyLimitThenRefuses() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 3);

        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.remaining()).isEqualTo(1);
        assertThat(budget.tryConsume()).isTrue();
        assertThat(budget.tryConsume()).isFalse();
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void aClientPastItsShareIsRefusedWhileOthersStillSpendTheBudget() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 10, 2);
        Requester greedy = Requester.of("198.51.100.7");

        assertThat(budget.spend(greedy).share()).contains(new ClientShare(2, 1, Duration.ofHours(6)));
        assertThat(budget.spend(greedy).share()).contains(new ClientShare(2, 0, Duration.ofHours(6)));
        assertThat(budget.spend(greedy))
                .isEqualTo(new Spend(Spend.Outcome.SHARE_SPENT, Optional.of(new ClientShare(2, 0, Duration.ofHours(6)))));

        assertThat(budget.spend(Requester.of("198.51.100.8")).allowed()).isTrue();
        assertThat(budget.spend(Requester.NOBODY)).as("nobody has no share").isEqualTo(Spend.ALLOWED);
        assertThat(budget.remaining()).as("the refusal took nothing").isEqualTo(6);
    }

    @Test
    void aCallGivenBackReturnsToTheDayAndToTheClientsShareNeverBelowZero() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 10, 1);
        Requester client = Requester.of("198.51.100.7");
        budget.spend(client);

        budget.refund(client.prepaid(Spend.ALLOWED));
        budget.refund(client);

        assertThat(budget.remaining()).isEqualTo(10);
        assertThat(budget.spend(client).allowed()).as("the share given back").isTrue();
        assertThat(budget.spend(client).outcome()).isEqualTo(Spend.Outcome.SHARE_SPENT);
    }

    @Test
    void sharesStartAfreshAtUtcMidnight() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 10, 1);
        Requester client = Requester.of("198.51.100.7");
        budget.spend(client);
        assertThat(budget.spend(client).outcome()).isEqualTo(Spend.Outcome.SHARE_SPENT);

        clock.set(Instant.parse("2026-11-28T00:00:00Z"));

        assertThat(budget.spend(client).allowed()).isTrue();
    }

    @Test
    void aSpentBudgetRefusesEvenAClientWithShareLeft() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 1, 5);
        budget.spend(Requester.of("198.51.100.7"));

        assertThat(budget.spend(Requester.of("198.51.100.8"))).isEqualTo(Spend.BUDGET_SPENT);
    }

    @Test
    void startsAFreshBudgetAtUtcMidnight() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 2);
        budget.tryConsume();
        budget.tryConsume();

        clock.set(Instant.parse("2026-11-27T23:59:59.999Z"));
        assertThat(budget.tryConsume()).isFalse();
        clock.set(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(budget.remaining()).isEqualTo(2);
        assertThat(budget.tryConsume()).isTrue();
    }

    @Test
    void keepsTodaysCountWhenTheClockStepsBack() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 2);
        budget.tryConsume();

        clock.set(Instant.parse("2026-11-26T23:00:00Z"));

        assertThat(budget.remaining()).isEqualTo(1);
    }

    @Test
    void exhaustSpendsTheRestOfTodayOnly() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 1000);

        budget.exhaust();

        assertThat(budget.tryConsume()).isFalse();
        assertThat(budget.remaining()).isZero();
        clock.advance(Duration.ofHours(6));
        assertThat(budget.remaining()).isEqualTo(1000);
    }

    @Test
    void untilResetIsTheTimeToTheNextUtcMidnight() {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 1);

        assertThat(budget.untilReset()).isEqualTo(Duration.ofHours(6));
        clock.set(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(budget.untilReset()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aZeroBudgetRefusesEveryCall() {
        assertThat(new DailyUpstreamBudget(clock, 0).tryConsume()).isFalse();
    }

    @Test
    void rejectsANegativeLimit() {
        assertThatThrownBy(() -> new DailyUpstreamBudget(clock, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverGivesOutMoreThanTheLimitUnderConcurrency() throws Exception {
        DailyUpstreamBudget budget = new DailyUpstreamBudget(clock, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> spenders = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                spenders.add(() -> {
                    int granted = 0;
                    for (int i = 0; i < 500; i++) {
                        granted += budget.tryConsume() ? 1 : 0;
                    }
                    return granted;
                });
            }
            int total = 0;
            for (Future<Integer> granted : pool.invokeAll(spenders)) {
                total += granted.get();
            }
            assertThat(total).isEqualTo(1000);
        } finally {
            pool.shutdownNow();
        }
    }
}
