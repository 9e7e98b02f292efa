package io.cinemix.adapter.redis;

import io.cinemix.core.outage.OutageLog;
import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchCache;
import io.cinemix.core.port.SearchKey;

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
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link SearchCache} on Redis, shared by every instance: {@code search_<hash>} ({@link RedisKeys#search}) holds
 * the page's JSON ({@link SearchPageJson}), written with {@code SET key value EX ttl} and read with {@code GET} and
 * {@code PTTL} in one script, like {@link RedisMovieCache}. A value that is not a page's JSON or has no expiry is a
 * miss (WARN), overwritten by the next store. Redis failures are a miss or a skipped write, logged at ERROR once per
 * outage ({@link OutageLog}); nothing throws.
 */
public final class RedisSearchCache implements SearchCache {
    private static final Logger LOG = System.getLogger(RedisSearchCache.class.getName());
    private static final String[] NO_ARGS = {};

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
        String key = RedisKeys.search(searchKey);
        String value;
        try {
            value = json.writeValueAsString(SearchPageJson.from(page));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the JSON of a search page", e);
        }
        return RedisMovieCache.set(connection, key, value, ttl, errorLog, errors);
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
