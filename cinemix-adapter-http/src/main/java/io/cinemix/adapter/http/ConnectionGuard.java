package io.cinemix.adapter.http;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds what slow or greedy clients can hold, below HTTP, on every accepted connection ({@link ConnectionLimits}):
 * <ul>
 *   <li><b>Connection caps:</b> a connection beyond the per-client or the total cap is answered
 *   {@code 503} with the error body and {@code Retry-After: 1}, and closed. The client is the socket peer, as
 *   {@code X-Forwarded-For} is not read yet; a trusted proxy's connections count in the total only.</li>
 *   <li><b>Request-head deadline:</b> the head of a request (up to its blank line) must arrive within the deadline,
 *   counted from the connection's start or from the first byte of the next request on a kept-alive connection;
 *   otherwise {@code 408} with the error body, and the connection is closed. The read-idle timeout cannot do this: it
 *   starts again with every byte, so a client dripping one byte every few seconds holds a connection for ever.</li>
 * </ul>
 * Both answers are {@link ErrorMapping}'s error responses, headers and body, written as raw bytes at the front of the
 * pipeline, before Micronaut has a request to answer: this assumes cleartext HTTP/1.1, the only protocol the server
 * speaks (no TLS, no HTTP/2).
 */
@Singleton
final class ConnectionGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final ConnectionLimits limits;
    private final TrustedProxies trustedProxies;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> openPerClient = new ConcurrentHashMap<>();
    /** The whole answer to a connection over a cap, and to a request head past its deadline. */
    private final byte[] refusal;
    private final byte[] headTimeout;

    ConnectionGuard(ConnectionLimits limits, TrustedProxies trustedProxies, JsonMapper json) {
        this.limits = limits;
        this.trustedProxies = trustedProxies;
        this.refusal = closingAnswer(ErrorMapping.error(503, ErrorMapping.messageFor(503)).header("Retry-After", "1"),
                json);
        this.headTimeout = closingAnswer(ErrorMapping.error(408, ErrorMapping.messageFor(408)), json);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                if (role == ChannelRole.CONNECTION) {
                    admit(channel);
                }
                return this;
            }
        });
        return event.getBean();
    }

    private void admit(Channel channel) {
        InetSocketAddress peer = channel.remoteAddress() instanceof InetSocketAddress address ? address : null;
        String client = peer == null || peer.getAddress() == null || trustedProxies.contains(peer.getAddress())
                ? null : ClientAddress.of(peer.getAddress().getAddress()).limitKey();
        int total = open.incrementAndGet();
        int perClient = client == null ? 0 : openPerClient.merge(client, 1, Integer::sum);
        channel.closeFuture().addListener(closed -> {
            open.decrementAndGet();
            if (client != null) {
                openPerClient.computeIfPresent(client, (k, count) -> count == 1 ? null : count - 1);
            }
        });
        if (total > limits.total() || perClient > limits.perClient()) {
            LOG.warn("Refused a connection from {}: {} open from it, {} in all (caps {} and {})",
                    client == null ? "a trusted proxy" : client, perClient, total, limits.perClient(), limits.total());
            channel.pipeline().addFirst("cinemix-connection-refusal", new Refusal(refusal));
            return;
        }
        if (!limits.requestHeadTimeout().isZero()) {
            channel.pipeline().addFirst("cinemix-request-head-deadline",
                    new HeadDeadline(limits.requestHeadTimeout().toNanos(), headTimeout));
        }
    }

    /**
     * An error response as the bytes of an HTTP/1.1 answer that closes its connection: its status, its headers, its
     * body as JSON (the same serialisation as every other error's), then {@code Content-Length} and
     * {@code Connection: close}.
     */
    private static byte[] closingAnswer(MutableHttpResponse<ErrorBody> error, JsonMapper json) {
        try {
            byte[] body = json.writeValueAsBytes(error.body());
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(error.code()).append(' ')
                    .append(error.reason()).append("\r\n");
            error.getHeaders().forEachValue((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            answer.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            answer.writeBytes(body);
            return answer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialise the " + error.code() + " error body.", e);
        }
    }

    /** Writes a whole answer from the front of the pipeline (past no HTTP encoder); closes the connection once out. */
    private static void answerAndClose(ChannelHandlerContext ctx, byte[] answer) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
    }

    /** A connection over a cap: answered 503 as soon as it is set up; what it sends is dropped. */
    private static final class Refusal extends ChannelInboundHandlerAdapter {
        private final byte[] answer;

        Refusal(byte[] answer) {
            this.answer = answer;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            answerAndClose(ctx, answer);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ReferenceCountUtil.release(message);
        }
    }

    /**
     * The request-head deadline of one connection, on its event loop (no locking). Armed at the start and by the
     * first byte after a complete head; disarmed by the blank line that ends a head, or when an answer is written.
     */
    private static final class HeadDeadline extends ChannelDuplexHandler {
        private final long timeoutNanos;
        private final byte[] answer;
        private ScheduledFuture<?> deadline;
        /** The last bytes of the head so far, to find {@code \r\n\r\n} across reads: 4 bytes, newest lowest. */
        private int tail;

        HeadDeadline(long timeoutNanos, byte[] answer) {
            this.timeoutNanos = timeoutNanos;
            this.answer = answer;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            arm(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof ByteBuf bytes) {
                scan(ctx, bytes);
            }
            ctx.fireChannelRead(message);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
            disarm();
            ctx.write(message, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disarm();
            ctx.fireChannelInactive();
        }

        private void scan(ChannelHandlerContext ctx, ByteBuf bytes) {
            for (int i = bytes.readerIndex(); i < bytes.writerIndex(); i++) {
                if (deadline == null) {
                    arm(ctx); // the first byte of the next request
                }
                tail = (tail << 8) | (bytes.getByte(i) & 0xFF);
                if (tail == 0x0D0A0D0A) {
                    disarm(); // the head is complete; the body, if any, is the codec's business
                    tail = 0;
                }
            }
        }

        private void arm(ChannelHandlerContext ctx) {
            deadline = ctx.executor().schedule(() -> {
                LOG.info("Closed a connection from {}: no complete request head within {} ms",
                        ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
                answerAndClose(ctx, answer);
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        private void disarm() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }
    }
}
