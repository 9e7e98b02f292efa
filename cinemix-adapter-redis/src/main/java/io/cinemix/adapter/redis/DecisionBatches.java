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
 * next batch, all of them in one call. An idle server therefore adds no wait, and a busy one sends one command for
 * many requests: Redis runs one script call instead of many, and Lettuce encodes, writes, times and decodes one
 * command, the next batch written from its own event loop as the previous reply arrives.
 *
 * <p>A decision waits for at most two calls (the one on its way, then its own), each bounded by the caller's
 * {@code send}. Keys may repeat in a batch; the script decides them in order, as it would one call after another. A
 * call that fails at once (Redis backing off) fails its batch at once, and the next batch goes in a loop, not on a
 * deeper stack.
 */
final class DecisionBatches {
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
            sendWaiting();
        }
        return decision.reply();
    }

    /**
     * Sends what waits, batch after batch while the calls fail at once; returns once a call is on its way (its reply
     * sends the next) or nothing waits any more (no batch is on its way then).
     */
    private void sendWaiting() {
        while (true) {
            List<Waiting> batch;
            synchronized (lock) {
                if (waiting.isEmpty()) {
                    onItsWay = false;
                    return;
                }
                batch = waiting;
                waiting = new ArrayList<>();
            }
            CompletableFuture<List<Long>> replies = sent(batch);
            boolean answeredAtOnce = replies.isDone();
            replies.whenComplete((answers, failure) -> {
                try {
                    if (!answeredAtOnce) {
                        sendWaiting(); // the next batch leaves before this one's answers are handed out
                    }
                } finally {
                    answer(batch, answers, failure);
                }
            });
            if (!answeredAtOnce) {
                return;
            }
        }
    }

    private CompletableFuture<List<Long>> sent(List<Waiting> batch) {
        List<String> keys = new ArrayList<>(batch.size());
        for (Waiting decision : batch) {
            keys.add(decision.key());
        }
        try {
            return send.apply(keys).toCompletableFuture();
        } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void answer(List<Waiting> batch, List<Long> answers, Throwable failure) {
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
    }

    private record Waiting(String key, CompletableFuture<Long> reply) {
    }
}
