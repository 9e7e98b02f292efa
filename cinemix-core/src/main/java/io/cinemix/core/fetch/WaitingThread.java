package io.cinemix.core.fetch;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The executor of a caller that blocks for its answer anyway: what is handed to it runs on that caller's own thread,
 * inside {@link #await}. So a synchronous lookup follows the same rule as an asynchronous one (work continues on the
 * lookup's executor, never on the thread that happened to complete a wait, such as a Redis client's I/O thread)
 * while using no thread but its own. One instance per call.
 */
public final class WaitingThread implements Executor {
    private static final Runnable WAKE_UP = () -> { };
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /**
     * Runs the tasks handed to this executor until {@code answer} completes, then returns its value or throws its
     * exception, unwrapped. Like {@link CompletableFuture#join()}, an interrupt does not stop the wait (other callers
     * may be waiting on work queued here); the thread's interrupt status is restored on return.
     */
    public <T> T await(CompletableFuture<T> answer) {
        answer.whenComplete((value, failure) -> tasks.add(WAKE_UP));
        boolean interrupted = false;
        while (!answer.isDone()) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcome(answer);
    }

    private static <T> T outcome(CompletableFuture<T> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            Throwable cause = SingleFlight.unwrapped(e.getCause());
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            throw new IllegalStateException("Unreachable: the answer is complete.", e);
        }
    }
}
