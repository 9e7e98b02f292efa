package io.cinemix.adapter.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} (which also loads it) when Redis answers
 * {@code NOSCRIPT}, e.g. after a restart or a failover emptied the script cache. In a Redis Cluster it runs on the
 * node of its first key; a script must touch only the keys it is given, all in one slot.
 */
final class LuaScript {
    private final String source;
    private final String sha1;

    LuaScript(String source) {
        this.source = source;
        this.sha1 = sha1(source);
    }

    <T> T run(RedisClusterCommands<String, String> commands, ScriptOutputType type, String[] keys, String... args) {
        try {
            return commands.evalsha(sha1, type, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(source, type, keys, args);
        }
    }

    /** {@link #run} on the async API: {@code EVALSHA}, then {@code EVAL} if the reply is {@code NOSCRIPT}. */
    <T> CompletionStage<T> runAsync(RedisScriptingAsyncCommands<String, String> commands, ScriptOutputType type,
                                    String[] keys, String... args) {
        return commands.<T>evalsha(sha1, type, keys, args).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return cause instanceof RedisNoScriptException
                    ? commands.<T>eval(source, type, keys, args) : CompletableFuture.failedStage(failure);
        });
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
