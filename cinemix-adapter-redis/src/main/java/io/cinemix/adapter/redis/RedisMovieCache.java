package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.CacheRead;
import io.cinemix.core.port.CachedMovie;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.MovieCache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link MovieCache} on Redis.
 *
 * <ul>
 *   <li>Keys exactly as {@link RedisKeys} names them: {@code movie_<id>}, {@code movie_<id>_full},
 *   {@code missing_<id>}.</li>
 *   <li>Writes: one {@code SET key value EX ttl} (TTL rounded up to whole seconds). The value is the public
 *   MovieDetails JSON ({@link MovieJson}); a negative entry holds {@code "1"}. A write is announced to the other
 *   instances (so that they drop their near copy) once, by the release of the fetch lease it was made under
 *   ({@link RedisFetchLeases}; on one server, in the same script as the write: {@link RedisClaimingMovieCache}).</li>
 *   <li>Reads: one round trip, a small Lua script ({@code EVALSHA}, {@code EVAL} on {@code NOSCRIPT}) that answers
 *   {@code GET} and {@code PTTL} of the key atomically; {@link #read} pipelines it with {@code PTTL missing_<id>},
 *   still one round trip, so the remaining TTL is the key's own (the grace logic
 *   derives the entry's age from it).</li>
 *   <li>A value that is not the JSON of a movie, has the wrong type ({@code WRONGTYPE}), names another
 *   {@code imdb_id} than its key, or has no expiry is a miss, logged at WARN; the next {@code put} overwrites it.</li>
 *   <li>Any Redis failure (down, timeout, rejected while reconnecting, OOM, READONLY, …) is a miss or a skipped
 *   write, logged at ERROR once per outage ({@link OutageLog}: then at DEBUG, and one INFO line when Redis
 *   answers again); nothing ever throws. During
 *   the connection's back-off after a timeout or a connection error, commands are not sent and fail the same way at
 *   once (see {@link RedisConnection}).</li>
 *   <li>Logs INFO on a hit and WARN on a miss, with the key. {@link #hits()}, {@link #misses()} (every details read
 *   that answered empty, failures included) and {@link #errors()} (Redis failures) are for metrics.</li>
 * </ul>
 */
public final class RedisMovieCache implements MovieCache {
    private static final Logger LOG = System.getLogger(RedisMovieCache.class.getName());
    private static final String MISSING_MARKER = "1";
    private static final String[] NO_ARGS = {};
    static final LuaScript GET_WITH_TTL = new LuaScript("""
            local value = redis.call('GET', KEYS[1])
            if not value then return {} end
            return {value, redis.call('PTTL', KEYS[1])}
            """);

    private final RedisConnection connection;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final OutageLog errorLog = new OutageLog(LOG, "Redis answers again");
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();

    public RedisMovieCache(RedisConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public Optional<CachedMovie> get(ImdbId id, Plot plot) {
        String key = RedisKeys.details(new DetailsKey(id, plot));
        List<Object> reply;
        try {
            reply = connection.call(commands ->
                    GET_WITH_TTL.<List<Object>>run(commands, ScriptOutputType.MULTI, new String[]{key}, NO_ARGS));
            errorLog.works();
        } catch (RuntimeException e) {
            return failedRead(key, e);
        }
        return entry(key, id, reply);
    }

    /**
     * The entry and the negative marker in one round trip: the entry's script and {@code PTTL missing_<id>} are
     * pipelined (two keys in two cluster slots cannot share a script).
     */
    @Override
    public CacheRead read(ImdbId id, Plot plot) {
        String key = RedisKeys.details(new DetailsKey(id, plot));
        String missingKey = RedisKeys.missing(id);
        Replies replies;
        try {
            replies = connection.<Replies>callAsync(commands -> {
                CompletableFuture<List<Object>> entry = GET_WITH_TTL.<List<Object>>runAsync(commands,
                        ScriptOutputType.MULTI, new String[]{key}, NO_ARGS).toCompletableFuture();
                return entry.thenCombine(commands.pttl(missingKey), Replies::new);
            }).toCompletableFuture().join();
            errorLog.works();
        } catch (CompletionException e) {
            failedRead(key, e.getCause() instanceof RuntimeException cause ? cause : e);
            return CacheRead.NOTHING;
        } catch (RuntimeException e) {
            failedRead(key, e);
            return CacheRead.NOTHING;
        }
        Optional<CachedMovie> entry = entry(key, id, replies.entry());
        if (entry.isPresent()) {
            return CacheRead.of(entry.get());
        }
        return CacheRead.missing(replies.missingMillis() > 0 // -2: no such key; -1: no expiry, never written
                ? Optional.of(Duration.ofMillis(replies.missingMillis())) : Optional.empty());
    }

    private record Replies(List<Object> entry, Long missingMillis) {
    }

    /** What a {@link #GET_WITH_TTL} reply holds for the key: a usable entry, or a miss (logged when unusable). */
    Optional<CachedMovie> entry(String key, ImdbId id, List<Object> reply) {
        if (reply == null || reply.isEmpty()) {
            missed(key);
            return Optional.empty();
        }
        Optional<MovieDetails> movie = decode(reply.get(0));
        if (movie.isEmpty()) {
            return unusable(key, "holds a value that is not the JSON of a movie");
        }
        if (!movie.get().imdbId().equals(id)) {
            return unusable(key, "holds the details of " + movie.get().imdbId());
        }
        long millisLeft = reply.size() > 1 && reply.get(1) instanceof Long pttl ? pttl : -1;
        if (millisLeft <= 0) {
            return unusable(key, "has no expiry");
        }
        hits.increment();
        LOG.log(Level.DEBUG, "Redis has {0}", key); // the service logs the hit at INFO
        return Optional.of(new CachedMovie(movie.get(), Duration.ofMillis(millisLeft)));
    }

    /** A details read found no entry under {@code key}: counted. */
    void missed(String key) {
        misses.increment();
        LOG.log(Level.DEBUG, "Redis has no {0}", key); // the service logs the miss at WARN
    }

    @Override
    public boolean put(MovieDetails movie, Plot plot, Duration ttl) {
        Objects.requireNonNull(movie, "movie");
        return set(RedisKeys.details(new DetailsKey(movie.imdbId(), plot)), json(movie), ttl);
    }

    /** The value {@link #put} stores: the public MovieDetails JSON. */
    String json(MovieDetails movie) {
        try {
            return json.writeValueAsString(MovieJson.from(movie));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the JSON of " + movie.imdbId(), e);
        }
    }

    /** A command of this cache's keys failed in another class's script: counted and logged as this cache's own. */
    void failed(String what, RuntimeException e) {
        errors.increment();
        errorLog.failed(what, e);
    }

    /** A command of this cache's keys answered. */
    void works() {
        errorLog.works();
    }

    @Override
    public Optional<Duration> missingFor(ImdbId id) {
        String key = RedisKeys.missing(id);
        try {
            long millisLeft = connection.call(commands -> commands.pttl(key));
            errorLog.works();
            if (millisLeft <= 0) { // -2: no such key; -1: no expiry, which Cinemix never writes
                return Optional.empty();
            }
            LOG.log(Level.DEBUG, "Redis has {0}", key);
            return Optional.of(Duration.ofMillis(millisLeft));
        } catch (RuntimeException e) {
            errors.increment();
            errorLog.failed("Redis PTTL " + key + " failed; assuming the id is not known missing", e);
            return Optional.empty();
        }
    }

    @Override
    public boolean putMissing(ImdbId id, Duration ttl) {
        return set(RedisKeys.missing(id), MISSING_MARKER, ttl);
    }

    /** Details reads that found a usable entry. */
    public long hits() {
        return hits.sum();
    }

    /** Details reads that answered empty: absent, unusable or Redis failing. */
    public long misses() {
        return misses.sum();
    }

    /** Redis commands that failed (connection, timeout, server error). */
    public long errors() {
        return errors.sum();
    }

    private boolean set(String key, String value, Duration ttl) {
        return set(connection, key, value, ttl, errorLog, errors);
    }

    /**
     * {@code SET key value EX <ttl rounded up>}; {@code false} when Redis failed, counted in {@code errors} and logged
     * once per outage in {@code errorLog}. Shared with {@link RedisSearchCache}.
     */
    static boolean set(RedisConnection connection, String key, String value, Duration ttl, OutageLog errorLog,
                       LongAdder errors) {
        long seconds = expirySeconds(ttl);
        try {
            connection.call(commands -> commands.set(key, value, SetArgs.Builder.ex(seconds)));
            errorLog.works();
            return true;
        } catch (RuntimeException e) {
            errors.increment();
            errorLog.failed("Redis SET " + key + " failed; not cached", e);
            return false;
        }
    }

    /** Whole seconds for {@code EX}, rounded up; a TTL must be positive. */
    static long expirySeconds(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A cache TTL must be positive, got " + ttl + ".");
        }
        long seconds = ttl.getSeconds();
        return ttl.getNano() > 0 ? seconds + 1 : seconds;
    }

    private Optional<MovieDetails> decode(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        try {
            MovieJson wire = json.readValue(text, MovieJson.class);
            return wire == null ? Optional.empty() : Optional.of(wire.toDomain());
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<CachedMovie> unusable(String key, String why) {
        misses.increment();
        LOG.log(Level.WARNING, "Cache miss for {0}: the key {1}; it will be overwritten", key, why);
        return Optional.empty();
    }

    /** A failed read: {@code WRONGTYPE} is an unusable value (Redis answers), anything else an outage. */
    private Optional<CachedMovie> failedRead(String key, RuntimeException e) {
        if (e instanceof RedisCommandExecutionException && String.valueOf(e.getMessage()).startsWith("WRONGTYPE")) {
            errorLog.works();
            return unusable(key, "holds a value that is not a string");
        }
        errors.increment();
        misses.increment();
        errorLog.failed("Redis read of " + key + " failed; answering a miss", e);
        return Optional.empty();
    }
}
