package io.cinemix.adapter.redis;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
    void aSendThatThrowsFailsItsDecisionsAndLeavesNoBatchOnItsWay() {
        List<List<String>> sent = new ArrayList<>();
        DecisionBatches throwing = new DecisionBatches(keys -> {
            sent.add(List.copyOf(keys));
            throw new IllegalStateException("refused");
        });

        assertThat(throwing.decide("a")).isCompletedExceptionally();
        assertThat(throwing.decide("b")).isCompletedExceptionally();
        assertThat(sent).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void aBatchCarriesAtMostItsLimitAndTheRestGoNext() {
        batches.decide("first");
        for (int i = 0; i < DecisionBatches.MAX_BATCH + 3; i++) {
            batches.decide("k" + i);
        }
        redis.answer(0);
        assertThat(redis.sent.get(1)).hasSize(DecisionBatches.MAX_BATCH);

        redis.answer(1);

        assertThat(redis.sent.get(2)).containsExactly("k" + DecisionBatches.MAX_BATCH,
                "k" + (DecisionBatches.MAX_BATCH + 1), "k" + (DecisionBatches.MAX_BATCH + 2));
    }
}
