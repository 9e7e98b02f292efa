package io.cinemix.core.fake;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * An executor that only queues what it is given; the test runs the tasks when it chooses, on its own thread. So a test
 * sees what a caller was answered before any background work ran, and how much work was handed over.
 */
public final class QueuedExecutor implements Executor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    public int queued() {
        return tasks.size();
    }

    /** Runs the queued tasks, and those they queue, until none is left; answers how many ran. */
    public int runAll() {
        int ran = 0;
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
            ran++;
        }
        return ran;
    }
}
