package io.cinemix.adapter.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.EventLoop;

import java.util.concurrent.Executor;

/**
 * Where a request goes on once something it waited for (the shared rate-limit decision, a lookup's Redis reply or
 * upstream call) is in: its connection's Netty event loop. At once when the thread completing it is that loop
 * already, else as a task on it. Without it, what follows runs on the completing thread: for a shared decision,
 * Lettuce's single event-loop thread, which then carries every request's filters, controller and encoding while the
 * server's own loops wait, and each answer's write crosses back to the connection's loop.
 *
 * <p>Only for work that never blocks: the controller hands anything that may block to the blocking pool.
 */
final class ConnectionLoop implements Executor {
    private final EventLoop loop;

    private ConnectionLoop(EventLoop loop) {
        this.loop = loop;
    }

    /** The request's connection's event loop; the completing thread for a request not served by Netty (none here). */
    static Executor of(HttpRequest<?> request) {
        return request instanceof NettyHttpRequest<?> netty
                ? new ConnectionLoop(netty.getChannelHandlerContext().channel().eventLoop())
                : Runnable::run;
    }

    @Override
    public void execute(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
