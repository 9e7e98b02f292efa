package io.cinemix.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.netty.NettyHttpRequest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test only, on when {@code cinemix.test-thread-probe} is {@code on}: records, for each {@code /api} request, which
 * thread runs it after every other request filter (the rate limit's decision in) and which runs its answer (the first
 * response filter, right after the controller), and whether that thread is the request's connection's own event loop.
 */
@ServerFilter("/api/**")
@Requires(property = "cinemix.test-thread-probe", value = "on")
final class ThreadProbe implements Ordered {
    /** One observation: the phase ({@code request} or {@code answer}), the thread, and whether it was the loop. */
    record Seen(String phase, String thread, boolean connectionLoop) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();

    /** Last of the request filters, hence first of the response filters. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @RequestFilter
    void request(HttpRequest<?> request) {
        record("request", request);
    }

    @ResponseFilter
    void answer(HttpRequest<?> request, MutableHttpResponse<?> response) {
        record("answer", request);
    }

    private void record(String phase, HttpRequest<?> request) {
        boolean onLoop = ((NettyHttpRequest<?>) request).getChannelHandlerContext().channel().eventLoop().inEventLoop();
        seen.add(new Seen(phase, Thread.currentThread().getName(), onLoop));
    }
}
