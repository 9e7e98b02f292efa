package io.cinemix.adapter.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cinemix.core.port.CacheKey;
import io.cinemix.core.port.DetailsKey;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.InvalidInputException;
import io.cinemix.domain.Plot;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What is published on {@link RedisChannels#CHANGED} when a key may have changed: its Redis name, the details it holds
 * (when it holds details), and the instance that says so. As JSON, e.g.
 * {@code {"key":"movie_tt0372784","imdb_id":"tt0372784","plot":"short","instance":"…"}}, so that no listener turns a
 * key name back into an id. A message that is not such JSON (an operator's {@code PUBLISH cinemix_changed movie_…}
 * by hand) is a notice of that key with no details: listeners then assume anything may have changed.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChangeNotice(String key, String imdbId, String plot, String instance) {
    private static final ObjectMapper JSON = new ObjectMapper();

    ChangeNotice {
        Objects.requireNonNull(key, "key");
    }

    static ChangeNotice of(CacheKey key, String instance) {
        if (key instanceof DetailsKey details) {
            return new ChangeNotice(RedisKeys.name(key), details.id().value(),
                    details.plot().name().toLowerCase(Locale.ROOT), instance);
        }
        return new ChangeNotice(RedisKeys.name(key), null, null, instance);
    }

    /** The notice a message carries; a message that is not a notice's JSON is a bare key name. */
    static ChangeNotice read(String message) {
        if (message.startsWith("{")) {
            try {
                ChangeNotice notice = JSON.readValue(message, ChangeNotice.class);
                if (notice != null && notice.key() != null) {
                    return notice;
                }
            } catch (JsonProcessingException | RuntimeException e) {
                // not ours: treated as a bare key name below
            }
        }
        return new ChangeNotice(message, null, null, null);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a change notice for " + key, e);
        }
    }

    /** The details this notice is about; empty for other keys and for bare key names. */
    Optional<DetailsKey> details() {
        if (imdbId == null || plot == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DetailsKey(ImdbId.of(imdbId), Plot.parse(plot)));
        } catch (InvalidInputException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
