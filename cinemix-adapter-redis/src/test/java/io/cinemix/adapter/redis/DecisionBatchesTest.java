package io.cinemix.adapter.redis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The group commit alone, with a hand-written Redis whose replies the test hands out. */
class DecisionBatchesTest {

    /** Records each batch sent and answers it when the test says so. */
    private static final class HeldReplies implements Function<List<String>, CompletionStage<List<Long>>> {
        final List<List<String>> sent = new ArrayList<>();
        final List<CompletableFuture<List<Long>>> replies = new ArrayList<>();

        @Override
        public CompletionStage<List<Long>> apply(List<String> keys) {
            sent.add(List.copyOf(keys));
            CompletableFuture<List<Long>> reply = new CompletableFuture<>();
            replies.add(reply);
            return reply;
        }

        /** Answers batch {@code index} with each key's position in it. */
        void answer(int index) {
            List<Long> answers = new ArrayList<>();
            for (int i = 0; i < sent.get(index).size(); i++) {
                answers.add((long) i);
            }
            replies.get(index).complete(answers);
        }
    }

    private final HeldReplies redis = new HeldReplies();
    private final DecisionBatches batches = new DecisionBatches(redis);

    @Test
    void aDecisionAskedWhileNothingIsOnItsWayGoesAtOnceAlone() {
        CompletableFuture<Long> first = batches.decide("a");

        assertThat(redis.sent).containsExactly(List.of("a"));
        redis.answer(0);
        assertThat(first).isCompletedWithValue(0L);
    }

    @Test
    void decisionsAskedWhileABatchIsOnItsWayGoTogetherWhenItsReplyArrives() {
        batches.decide("a");
        CompletableFuture<Long> b = batches.decide("b");
        CompletableFuture<Long> again = batches.decide("b");
        CompletableFuture<Long> c = batches.decide("c");

        assertThat(redis.sent).as("nothing more until the first reply").containsExactly(List.of("a"));
        redis.answer(0);

        assertThat(redis.sent).containsExactly(List.of("a"), List.of("b", "b", "c"));
        assertThat(b).isNotDone();
        redis.answer(1);
        assertThat(List.of(b.join(), again.join(), c.join())).containsExactly(0L, 1L, 2L);
    }

    @Test
    void afterTheLastReplyTheNextDecisionGoesAtOnceAgain() {
        batches.decide("a");
        redis.answer(0);

        batches.decide("b");

        assertThat(redis.sent).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void aFailedBatchFailsEachOfItsDecisionsAndTheNextBatchStillGoes() {
        CompletableFuture<Long> a = batches.decide("a");
        CompletableFuture<Long> b = batches.decide("b");

        redis.replies.get(0).completeExceptionally(new IllegalStateException("no answer"));

        assertThat(a).isCompletedExceptionally();
        assertThat(redis.sent).containsExactly(List.of("a"), List.of("b"));
        redis.answer(1);
        assertThat(b).isCompletedWithValue(0L);
    }

    @Test
    void aReplyOfTheWrongSizeFailsTheBatchRatherThanMisattributingDecisions() {
        batches.decide("a");
        CompletableFuture<Long> b = batches.decide("b");
        CompletableFuture<Long> c = batches.decide("c");
        redis.answer(0);

        redis.replies.get(1).complete(List.of(1L));

        assertThat(b).isCompletedExceptionally();
        assertThat(c).isCompletedExceptionally();
    }

    @Test
    void aSendThatThrowsEvenAnErrorFailsItsDecisionsAndLeavesNoBatchOnItsWay() {
        List<List<String>> sent = new ArrayList<>();
        DecisionBatches throwing = new DecisionBatches(keys -> {
            sent.add(List.copyOf(keys));
            if (keys.contains("a")) {
                throw new IllegalStateException("refused");
            }
            throw new StackOverflowError("deep");
        });

        assertThat(throwing.decide("a")).isCompletedExceptionally();
        assertThat(throwing.decide("b")).isCompletedExceptionally();
        assertThat(sent).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void theNextBatchLeavesBeforeTheAnswersOfThePreviousAreHandedOut() {
        List<Integer> sentWhenAnswered = new ArrayList<>();
        batches.decide("a").thenRun(() -> sentWhenAnswered.add(redis.sent.size()));
        CompletableFuture<Long> b = batches.decide("b");

        redis.answer(0);

        assertThat(sentWhenAnswered).as("batches sent when a's answer was handed out").containsExactly(2);
        assertThat(b).isNotDone();
    }

    @Test
    void everyDecisionIsAnsweredAndTheBatchesGoOnWhileCallsFailAtOnceUnderConcurrentAsking() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DecisionBatches backingOff = new DecisionBatches(keys -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("backing off"));
        });
        int threads = 4;
        int each = 50_000;
        // Small stacks: a sender that went one call deeper for each batch failed at once would overflow them.
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> new Thread(null, task, "asker", 128 * 1024));
        try {
            List<Future<List<CompletableFuture<Long>>>> asked = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                asked.add(pool.submit(() -> {
                    List<CompletableFuture<Long>> decisions = new ArrayList<>(each);
                    for (int i = 0; i < each; i++) {
                        decisions.add(backingOff.decide("k" + i % 7));
                    }
                    return decisions;
                }));
            }
            List<CompletableFuture<Long>> all = new ArrayList<>();
            for (Future<List<CompletableFuture<Long>>> one : asked) {
                all.addAll(one.get());
            }
            // Answered by whichever thread took its batch: maybe just after its asker returned.
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((done, failure) -> null)
                    .get(10, TimeUnit.SECONDS);
            assertThat(all).allSatisfy(decision -> assertThat(decision).isCompletedExceptionally());
        } finally {
            pool.shutdownNow();
        }
        int before = calls.get();

        assertThat(backingOff.decide("later")).as("still sent, not queued behind a stuck batch")
                .isCompletedExceptionally();
        assertThat(calls).hasValue(before + 1);
    }
}
