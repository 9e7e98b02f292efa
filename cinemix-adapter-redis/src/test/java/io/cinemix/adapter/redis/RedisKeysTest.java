package io.cinemix.adapter.redis;

import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchTerms;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class RedisKeysTest {
    private static final ImdbId BATMAN = ImdbId.of("tt0372784");

    @Test
    void namesDetailsMovieUnderscoreTheIdWithFullForTheFullPlot() {
        assertThat(RedisKeys.details(new DetailsKey(BATMAN, Plot.SHORT))).isEqualTo("movie_tt0372784");
        assertThat(RedisKeys.details(new DetailsKey(BATMAN, Plot.FULL))).isEqualTo("movie_tt0372784_full");
        assertThat(RedisKeys.missing(BATMAN)).isEqualTo("missing_tt0372784");
        assertThat(RedisKeys.lease(new DetailsKey(BATMAN, Plot.SHORT))).isEqualTo("lease_{movie_tt0372784}");
    }

    @Test
    void aDetailsLeaseIsInItsEntrysClusterSlotSoOneScriptMayStoreAndReleaseOnACluster() {
        for (Plot plot : Plot.values()) {
            DetailsKey key = new DetailsKey(BATMAN, plot);
            assertThat(SlotHash.getSlot(RedisKeys.lease(key))).isEqualTo(SlotHash.getSlot(RedisKeys.details(key)));
        }
        assertThat(SlotHash.getSlot(RedisKeys.missing(BATMAN)))
                .as("the missing marker elsewhere: the claim reads it step by step on a cluster")
                .isNotEqualTo(SlotHash.getSlot(RedisKeys.details(new DetailsKey(BATMAN, Plot.SHORT))));
    }

    @Test
    void namesEntriesSearchUnderscoreAndTheSha256OfTheNormalizedParameters() throws Exception {
        String key = RedisKeys.search(SearchKey.of(
                new SearchQuery("BatMan", 2, Optional.of(MediaType.MOVIE), OptionalInt.of(2005))));

        // echo -n 'page=2&type=movie&year=2005&text=batman' | sha256sum
        assertThat(key).isEqualTo("search_" + sha256("page=2&type=movie&year=2005&text=batman"));
        assertThat(RedisKeys.search(SearchKey.of(SearchQuery.of("batman"))))
                .isEqualTo("search_" + sha256("page=1&type=&year=&text=batman"));
    }

    @Test
    void namesTooBroadSearchesTooBroadUnderscoreAndTheSha256OfTheTermsWithoutThePage() throws Exception {
        String key = RedisKeys.tooBroad(SearchTerms.of(SearchKey.of(
                new SearchQuery(" B ", 3, Optional.of(MediaType.SERIES), OptionalInt.of(1989)))));

        // echo -n 'type=series&year=1989&text=b' | sha256sum
        assertThat(key).isEqualTo("too_broad_" + sha256("type=series&year=1989&text=b"));
        assertThat(RedisKeys.tooBroad(SearchTerms.of(SearchKey.of(SearchQuery.of("Ba").withPage(2)))))
                .isEqualTo("too_broad_" + sha256("type=&year=&text=ba"));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
