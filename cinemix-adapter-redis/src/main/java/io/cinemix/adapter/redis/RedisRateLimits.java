package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.RateLimits;

import io.cinemix.domain.Ticker;
import io.cinemix.domain.ratelimit.KeyedRateLimiter;
import io.cinemix.domain.ratelimit.RateLimitDecision;
import io.cinemix.domain.ratelimit.RateLimitPolicy;
import io.lettuce.core.ScriptOutputType;

import java.lang.System.Logger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Rate limits kept in Redis, shared by every instance on the same Redis database: the sliding-window counter of
 * {@code KeyedRateLimiter} (same policy, same decisions, same {@code remaining} and reset seconds), decided in one
 * round trip.
 *
 * <p><b>Storage.</b> One hash a limit key, {@code rate_limit_{<key>}} (e.g. {@code rate_limit_{203.0.113.7}},
 * {@code rate_limit_{*}} in global scope), field bucket epoch ({@code floor(now / bucket)}), value the admits counted
 * in that bucket. The braces are a hash tag: each decision touches exactly one key, so it suits Redis Cluster.
 *
 * <p><b>Decision.</b> One Lua script ({@code EVALSHA}, {@code EVAL} on {@code NOSCRIPT}), atomic on the server: it
 * reads Redis {@code TIME} (one clock for all instances), reads the hash, drops the buckets that no longer count,
 * admits while the counted sum is below the threshold ({@code HINCRBY} of the current bucket, {@code PEXPIRE} until
 * that bucket stops counting), and answers {allowed, remaining, seconds}. Sent on Lettuce's async API: no thread
 * waits. Never replayed after a reconnect (see {@link RedisConnection}). Concurrent decisions share a call
 * ({@link DecisionBatches}: one on its way, the others wait for its reply and go together), except in a Redis Cluster,
 * where the keys of one call must share a slot.
 *
 * <p><b>When Redis fails</b> (error, disconnected, the connection's back-off, or no answer to a call within
 * {@link #BOUND}, so at most twice that for a decision that waited for the batch before its own): the
 * decision is this instance's in-process limiter's, with the same policy (fail open to the local bound: never a
 * rejection or an error for want of Redis), logged at ERROR once per outage ({@link OutageLog}). Back to Redis by
 * itself when the connection's probe gets an answer. The local limiter counts only the decisions it takes.
 */
public final class RedisRateLimits implements RateLimits {
    private static final Logger LOG = System.getLogger(RedisRateLimits.class.getName());
    /** How long a decision waits for Redis before the local limiter decides. */
    static final Duration BOUND = Duration.ofMillis(50);
    static final String KEY_PREFIX = "rate_limit_";
    /** An admission's answer: seconds above these bits, remaining in them. */
    private static final int REMAINING_BITS = 20;
    private static final long REMAINING_MASK = (1L << REMAINING_BITS) - 1;

    /**
     * KEYS: the limits' hashes, one a decision, in order ({@link DecisionBatches}; a key may repeat). ARGV: bucket
     * (µs), buckets a window, threshold, and optionally now (µs; tests only, else Redis TIME, read once a call).
     * Answers one integer a key (an array of them; the integer alone for one key): on a rejection {@code -seconds},
     * until a permit frees (1 to the window); on an admission {@code seconds * 2^20 + remaining}, seconds until the
     * oldest counted admit stops counting (the threshold is below 2^20, see
     * {@link RateLimitPolicy#MAX_THRESHOLD_SUPPORTED}). The arithmetic is SlidingWindow's.
     *
     * <p>What it costs Redis is most of what a decision costs it (issue 26: at most 5 µs of Redis CPU), so it does
     * the least per call: one pass over the hash's flat reply (no table of it unless the request is rejected), stale
     * buckets dropped in one {@code HDEL} and only when there are some, {@code PEXPIRE} only when the admit opens a
     * bucket (a key is always created by such an admit, and its expiry follows its newest bucket, so the deadline is
     * the same as setting it on every admit), no number formatted when the bucket's field name was just read, one
     * integer a decision rather than a table of three (no table at all for a call of one), and one call for a batch
     * of decisions (its {@code TIME} read once).
     */
    static final LuaScript SCRIPT = new LuaScript("""
            local bucket = tonumber(ARGV[1])
            local n = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            local now
            if ARGV[4] then
              now = tonumber(ARGV[4])
            else
              local time = redis.call('TIME')
              now = time[1] * 1000000 + time[2]
            end
            -- One pass per key, in order; no function and no table for a call of one key (each costs Redis a little).
            local replies = #KEYS > 1 and {} or nil
            local reply
            for k = 1, #KEYS do
              local key = KEYS[k]
              local epoch = math.floor(now / bucket)
              local fields = redis.call('HGETALL', key)
              local size = #fields
              local oldest, live, first, name, count, stale
              repeat
                -- One pass; a second only if a bucket is later than now (a clock that went back): it becomes "now".
                local newest = epoch
                oldest = epoch - n + 1
                live, first, name, count, stale = 0, epoch, nil, 0, nil
                for i = 1, size, 2 do
                  local e = tonumber(fields[i])
                  if e < oldest then
                    if stale then stale[#stale + 1] = fields[i] else stale = {fields[i]} end
                  else
                    if e > newest then newest = e end
                    local c = tonumber(fields[i + 1])
                    live = live + c
                    if c > 0 and e < first then first = e end
                    if e == epoch then
                      name = fields[i]
                      count = c
                    end
                  end
                end
                local later = newest > epoch
                epoch = newest
              until not later
              if stale then redis.call('HDEL', key, unpack(stale)) end
              if live >= limit then
                local counts = {}
                for i = 1, size, 2 do
                  counts[tonumber(fields[i])] = tonumber(fields[i + 1])
                end
                local sum = live
                local freeing = epoch
                for e = oldest, epoch do
                  local c = counts[e]
                  if c and c > 0 then
                    sum = sum - c
                    freeing = e
                    if sum < limit then break end
                  end
                end
                local seconds = math.ceil(((freeing + n) * bucket - now) / 1000000)
                reply = -math.max(1, math.min(seconds, math.ceil(n * bucket / 1000000)))
              else
                if name then
                  redis.call('HSET', key, name, count + 1)
                else
                  redis.call('HSET', key, string.format('%d', epoch), 1)
                  redis.call('PEXPIRE', key, math.ceil(((epoch + n) * bucket - now) / 1000))
                end
                reply = math.max(0, math.ceil(((first + n) * bucket - now) / 1000000)) * 1048576 + limit - live - 1
              end
              if replies then replies[k] = reply end
            end
            return replies or reply
            """);

    private final RedisConnection connection;
    private final KeyedRateLimiter local;
    private final int limit;
    private final String[] policyArgs;
    private final Duration bound;
    /** Decisions in batches, one script call each; {@code null} in a Redis Cluster. */
    private final DecisionBatches batches;
    private final OutageLog outages = new OutageLog(LOG, "Redis rate limits answer again");

    /**
     * @param ticker       the local limiter's clock
     * @param maxLocalKeys at most this many keys tracked by the local limiter during an outage
     */
    public RedisRateLimits(RedisConnection connection, RateLimitPolicy policy, Ticker ticker, int maxLocalKeys) {
        this(connection, policy, ticker, maxLocalKeys, BOUND);
    }

    /** With another bound than {@link #BOUND} on Redis' answer: for tests that compare exact decisions under load. */
    RedisRateLimits(RedisConnection connection, RateLimitPolicy policy, Ticker ticker, int maxLocalKeys,
                    Duration bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.local = new KeyedRateLimiter(policy, ticker, maxLocalKeys);
        this.limit = policy.maxThreshold();
        this.policyArgs = new String[] {Long.toString(policy.bucket().toNanos() / 1_000),
                Integer.toString(policy.buckets()), Integer.toString(limit)};
        // A script reaches the keys of one slot only: in a Redis Cluster each decision is a call of its own.
        this.batches = connection.cluster() ? null : new DecisionBatches(keys -> send(keys, policyArgs));
    }

    @Override
    public CompletionStage<RateLimitDecision> tryAcquire(String key) {
        CompletionStage<Long> reply = batches != null ? batches.decide(key)
                : send(List.of(key), policyArgs).thenApply(replies -> replies.get(0));
        return reply.handle((answer, failure) -> failure == null ? shared(answer) : locally(key, failure));
    }

    /** The decision at Redis time {@code nowMicros} instead of {@code TIME}, alone in its call: for tests. */
    CompletionStage<RateLimitDecision> tryAcquireAt(String key, long nowMicros) {
        return send(List.of(key), policyArgs[0], policyArgs[1], policyArgs[2], Long.toString(nowMicros))
                .handle((replies, failure) -> failure == null ? shared(replies.get(0)) : locally(key, failure));
    }

    /** One script call for {@code limitKeys}, in order; it fails when Redis does not answer within the bound. */
    private CompletionStage<List<Long>> send(List<String> limitKeys, String... args) {
        String[] keys = new String[limitKeys.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = KEY_PREFIX + "{" + limitKeys.get(i) + "}";
        }
        CompletionStage<List<Long>> replies = keys.length == 1
                ? connection.<Long>callAsync(commands -> SCRIPT.runAsync(commands, ScriptOutputType.INTEGER, keys,
                        args)).thenApply(List::of)
                : connection.<List<Long>>callAsync(commands -> SCRIPT.runAsync(commands, ScriptOutputType.MULTI, keys,
                        args));
        return replies.toCompletableFuture().orTimeout(bound.toNanos(), TimeUnit.NANOSECONDS);
    }

    private RateLimitDecision shared(long reply) {
        outages.works();
        return reply < 0 ? new RateLimitDecision(false, limit, 0, -reply)
                : new RateLimitDecision(true, limit, (int) (reply & REMAINING_MASK), reply >>> REMAINING_BITS);
    }

    private RateLimitDecision locally(String key, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        outages.failed("Redis rate limit failed (no answer within " + bound.toMillis()
                + " ms, or an error); deciding with this instance's own limit", cause);
        return local.tryAcquire(key);
    }
}
