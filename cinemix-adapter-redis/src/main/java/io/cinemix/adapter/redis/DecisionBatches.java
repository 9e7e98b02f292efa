package io.cinemix.adapter.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Rate-limit decisions sent to Redis in batches (a group commit): a decision asked while no batch is on its way goes
 * at once, as a batch of one; decisions asked while one is on its way wait for its reply, then go together as the
 * next batch, at most {@link #MAX_BATCH} keys in one. An idle server therefore adds no wait, and a busy one sends one
 * command for many requests: Redis runs one script call instead of many, and Lettuce encodes, writes, times and
 * decodes one command, the next batch written from its own event loop as the previous reply arrives.
 *
 * <p>A decision waits at most two batches' replies (the one on its way, then its own). Keys may repeat in a batch; the
 * script decides them in order, as it would one call after another.
 */
final class DecisionBatches {
    /** At most this many keys in one script call (Lua's stack takes thousands; Redis' reply stays small). */
    static final int MAX_BATCH = 128;

    private final Function<List<String>, CompletionStage<List<Long>>> send;
    private final Object lock = new Object();
    private List<Waiting> waiting = new ArrayList<>();
    private boolean onItsWay;

    /**
     * @param send sends one batch: the keys in order, answered with one reply each, in the same order (a failure
     *             fails every decision of the batch)
     */
    DecisionBatches(Function<List<String>, CompletionStage<List<Long>>> send) {
        this.send = Objects.requireNonNull(send, "send");
    }

    /** The script's reply for one more request of {@code key}, sent with the next batch. */
    CompletableFuture<Long> decide(String key) {
        Waiting decision = new Waiting(key, new CompletableFuture<>());
        boolean sendNow;
        synchronized (lock) {
            waiting.add(decision);
            sendNow = !onItsWay;
            onItsWay = true;
        }
        if (sendNow) {
            sendNext();
        }
        return decision.reply();
    }

    /** Sends what waits, if anything; else no batch is on its way any more. */
    private void sendNext() {
        List<Waiting> batch;
        synchronized (lock) {
            if (waiting.isEmpty()) {
                onItsWay = false;
                return;
            }
            if (waiting.size() <= MAX_BATCH) {
                batch = waiting;
                waiting = new ArrayList<>();
            } else {
                batch = new ArrayList<>(waiting.subList(0, MAX_BATCH));
                waiting = new ArrayList<>(waiting.subList(MAX_BATCH, waiting.size()));
            }
        }
        List<String> keys = new ArrayList<>(batch.size());
        for (Waiting decision : batch) {
            keys.add(decision.key());
        }
        CompletionStage<List<Long>> replies;
        try {
            replies = send.apply(keys);
        } catch (RuntimeException e) {
            replies = CompletableFuture.failedFuture(e);
        }
        replies.whenComplete((answers, failure) -> {
            sendNext(); // the next batch leaves before this one's answers are handed out
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<Long> reply = batch.get(i).reply();
                if (failure != null) {
                    reply.completeExceptionally(failure);
                } else if (answers == null || answers.size() != batch.size()) {
                    reply.completeExceptionally(new IllegalStateException("Redis answered "
                            + (answers == null ? "nothing" : answers.size() + " decisions") + " for " + batch.size()));
                } else {
                    reply.complete(answers.get(i));
                }
            }
        });
    }

    private record Waiting(String key, CompletableFuture<Long> reply) {
    }
}
