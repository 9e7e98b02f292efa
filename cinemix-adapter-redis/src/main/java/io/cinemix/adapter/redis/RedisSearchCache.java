package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.lettuce.core.ScriptOutputType;

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
 * The {@link SearchCache} on Redis, shared by every instance: {@code search_<hash>} ({@link RedisKeys#search}) holds
 * the page's JSON ({@link SearchPageJson}), written with {@code SET key value EX ttl} and read with {@code GET} and
 * {@code PTTL} in one script, like {@link RedisMovieCache}. A value that is not a page's JSON or has no expiry is a
 * miss (WARN), overwritten by the next store. Too-broad search terms are {@code too_broad_<hash>}
 * ({@link RedisKeys#tooBroad}) holding {@code "1"}, written with {@code SET key 1 EX ttl} and read with {@code PTTL}
 * (one without expiry is not remembered); {@link #read} pipelines that {@code PTTL} with the page's script, one round
 * trip. Redis failures are a miss, "not too broad" or a skipped write, logged at ERROR once per outage
 * ({@link OutageLog}); nothing throws.
 */
public final class RedisSearchCache implements SearchCache {
    private static final Logger LOG = System.getLogger(RedisSearchCache.class.getName());
    private static final String[] NO_ARGS = {};
    private static final String TOO_BROAD_MARKER = "1";

    private final RedisConnection connection;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final OutageLog errorLog = new OutageLog(LOG, "Redis answers again (search cache)");
    private final LongAdder errors = new LongAdder();

    public RedisSearchCache(RedisConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public Optional<CachedSearch> get(SearchKey searchKey) {
        String key = RedisKeys.search(searchKey);
        List<Object> reply;
        try {
            reply = connection.call(commands -> RedisMovieCache.GET_WITH_TTL.<List<Object>>run(commands,
                    ScriptOutputType.MULTI, new String[]{key}, NO_ARGS));
            errorLog.works();
        } catch (RuntimeException e) {
            errors.increment();
            errorLog.failed("Redis read of " + key + " failed; answering a miss", e);
            return Optional.empty();
        }
        return page(key, reply);
    }

    /** The page and the too-broad marker in one round trip: the page's script and {@code PTTL too_broad_<hash>}. */
    @Override
    public SearchRead read(SearchKey searchKey) {
        String key = RedisKeys.search(searchKey);
        String tooBroadKey = RedisKeys.tooBroad(SearchTerms.of(searchKey));
        Replies replies;
        try {
            replies = connection.<Replies>callAsync(commands -> {
                CompletableFuture<List<Object>> page = RedisMovieCache.GET_WITH_TTL.<List<Object>>runAsync(commands,
                        ScriptOutputType.MULTI, new String[]{key}, NO_ARGS).toCompletableFuture();
                return page.thenCombine(commands.pttl(tooBroadKey), Replies::new);
            }).toCompletableFuture().join();
            errorLog.works();
        } catch (RuntimeException e) {
            errors.increment();
            errorLog.failed("Redis read of " + key + " and " + tooBroadKey + " failed; answering a miss",
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            return SearchRead.NOTHING;
        }
        return new SearchRead(page(key, replies.page()), replies.tooBroadMillis() > 0);
    }

    private record Replies(List<Object> page, Long tooBroadMillis) {
    }

    @Override
    public boolean isTooBroad(SearchTerms terms) {
        String key = RedisKeys.tooBroad(terms);
        try {
            long millisLeft = connection.call(commands -> commands.pttl(key));
            errorLog.works();
            return millisLeft > 0; // -2: no such key; -1: no expiry, which Cinemix never writes
        } catch (RuntimeException e) {
            errors.increment();
            errorLog.failed("Redis PTTL " + key + " failed; assuming the search is not known too broad", e);
            return false;
        }
    }

    @Override
    public boolean rememberTooBroad(SearchTerms terms, Duration ttl) {
        return RedisMovieCache.set(connection, RedisKeys.tooBroad(terms), TOO_BROAD_MARKER, ttl, errorLog, errors);
    }

    /** What a {@code GET_WITH_TTL} reply holds: a usable page, or a miss (logged when unusable). */
    Optional<CachedSearch> page(String key, List<Object> reply) {
        if (reply == null || reply.isEmpty()) {
            return Optional.empty();
        }
        long millisLeft = reply.size() > 1 && reply.get(1) instanceof Long pttl ? pttl : -1;
        Optional<SearchPage> page = decode(reply.get(0));
        if (page.isEmpty() || millisLeft <= 0) {
            LOG.log(Level.WARNING, "Cache miss for {0}: the key holds no search page with an expiry; it will be"
                    + " overwritten", key);
            return Optional.empty();
        }
        return Optional.of(new CachedSearch(page.get(), Duration.ofMillis(millisLeft)));
    }

    @Override
    public boolean put(SearchKey searchKey, SearchPage page, Duration ttl) {
        return RedisMovieCache.set(connection, RedisKeys.search(searchKey), json(page), ttl, errorLog, errors);
    }

    /** The value {@link #put} stores: the page's JSON ({@link SearchPageJson}). */
    String json(SearchPage page) {
        try {
            return json.writeValueAsString(SearchPageJson.from(page));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the JSON of a search page", e);
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

    /** Redis commands that failed (connection, timeout, server error). */
    public long errors() {
        return errors.sum();
    }

    private Optional<SearchPage> decode(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        try {
            SearchPageJson wire = json.readValue(text, SearchPageJson.class);
            return wire == null || wire.results() == null ? Optional.empty() : Optional.of(wire.toDomain());
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
