package io.cinemix.testsupport;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends one command, any command, to Redis with Lettuce (RESP2, on a connection of its own, closed after the reply)
 * and answers its reply as lines of text in RESP's notation: a status as {@code +OK}, an error as {@code -ERR …} (an
 * answer, not an exception), an integer as {@code :1}, a missing value as {@code $-1} or {@code *-1}, a bulk string
 * as its lines, an array as its elements' lines in order (a status inside an array, e.g. in {@code EXEC}'s, shows
 * without its {@code +}: see {@link ReplyTypeTap}).
 */
final class RedisReplies {
    /** The reply's first line ({@code *3} for an array, a bulk string's first line) and all of its lines. */
    record Reply(String first, List<String> lines) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static RedisClient client;

    private RedisReplies() {
    }

    /**
     * Sends {@code args} (after AUTH and SELECT when {@code uri} asks for them). A server that cannot be reached, does
     * not answer within 5 s or drops the connection is an {@link UncheckedIOException}; one refusing AUTH or SELECT an
     * {@link IllegalStateException}.
     */
    static Reply send(RedisURI uri, String... args) {
        uri.setTimeout(COMMAND_TIMEOUT);
        TextOutput output = new TextOutput();
        CommandArgs<String, String> arguments = new CommandArgs<>(StringCodec.UTF8);
        Arrays.stream(args, 1, args.length).forEach(arguments::add);
        try (StatefulRedisConnection<String, String> connection = client().connect(StringCodec.UTF8, uri)) {
            connection.sync().dispatch(keyword(args[0]), output, arguments);
        } catch (RedisConnectionException e) {
            if (e.getCause() instanceof RedisCommandExecutionException refused) { // AUTH or SELECT: never the password
                throw new IllegalStateException("Redis refused the handshake: -" + refused.getMessage(), e);
            }
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        } catch (RedisException e) { // timed out, or the connection dropped
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
        return new Reply(output.first, List.copyOf(output.get()));
    }

    /** Whether anything answers {@code PING} on {@code 127.0.0.1:port}; an error such as {@code -NOAUTH} counts. */
    static boolean answers(int port) {
        try {
            send(RedisURI.create("127.0.0.1", port), "PING");
            return true;
        } catch (UncheckedIOException notYet) {
            return false;
        }
    }

    /** One client for every command; its threads are daemons, so it needs no shutdown. */
    private static synchronized RedisClient client() {
        if (client == null) {
            client = RedisClient.create(DefaultClientResources.builder().nettyCustomizer(new NettyCustomizer() {
                @Override
                public void afterChannelInitialized(Channel channel) {
                    String lettuce = channel.pipeline().context(CommandHandler.class).name();
                    channel.pipeline().addBefore(lettuce, "reply-type", new ReplyTypeTap());
                }
            }).build());
            client.setOptions(ClientOptions.builder()
                    .protocolVersion(ProtocolVersion.RESP2) // RESP3 would turn some arrays into maps
                    .pingBeforeActivateConnection(false) // a server that wants a password answers -NOAUTH
                    .autoReconnect(false) // a dropped connection fails the command instead of retrying it
                    .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                    .build());
        }
        return client;
    }

    private static ProtocolKeyword keyword(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return bytes;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * Lettuce 6.8 hands a status ({@code +OK}) to {@link CommandOutput#set(ByteBuffer)} just as a bulk string: this
     * handler, just before Lettuce's, notes whether the reply to a {@link TextOutput}'s command starts with {@code +}.
     * (The connection carries nothing else meanwhile: the handshake is over, and each command has one of its own.)
     */
    private static final class ReplyTypeTap extends ChannelDuplexHandler {
        private TextOutput awaiting; // like the output's fields, only touched on the connection's event loop

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
            if (message instanceof RedisCommand<?, ?, ?> command && command.getOutput() instanceof TextOutput output) {
                awaiting = output;
            }
            super.write(context, message, promise);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
            if (awaiting != null && message instanceof ByteBuf bytes && bytes.isReadable()) {
                awaiting.status = bytes.getByte(bytes.readerIndex()) == '+';
                awaiting = null;
            }
            super.channelRead(context, message);
        }
    }

    /** Writes each reply element as the lines described above, as Lettuce decodes it. */
    private static final class TextOutput extends CommandOutput<String, String, List<String>> {
        /** Whether the reply is a status, which Lettuce decodes as a bulk string ({@link ReplyTypeTap}). */
        private boolean status;
        private String first;

        TextOutput() {
            super(StringCodec.UTF8, new ArrayList<>());
        }

        @Override
        public void setError(ByteBuffer error) {
            add("-" + text(error)); // recorded, not raised: an error is an answer like any other
        }

        @Override
        public void set(long integer) {
            add(":" + integer);
        }

        @Override
        public void set(ByteBuffer bulk) {
            if (bulk == null) {
                add("$-1");
                return;
            }
            String value = text(bulk);
            if (first == null && status) {
                add("+" + value);
                return;
            }
            if (first == null) {
                first = value.lines().findFirst().orElse("");
            }
            value.lines().forEach(output::add);
        }

        @Override
        public void multi(int count) {
            if (first == null) {
                first = "*" + count;
            }
            if (count < 0) {
                output.add("*-1");
            }
        }

        private void add(String line) {
            if (first == null) {
                first = line;
            }
            output.add(line);
        }

        private static String text(ByteBuffer bytes) {
            return StandardCharsets.UTF_8.decode(bytes).toString();
        }
    }
}
