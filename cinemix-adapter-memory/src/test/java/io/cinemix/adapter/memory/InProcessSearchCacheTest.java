package io.cinemix.adapter.memory;

import io.cinemix.core.port.CachedSearch;
import io.cinemix.core.port.SearchKey;
import io.cinemix.core.port.SearchRead;
import io.cinemix.core.port.SearchTerms;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InProcessSearchCacheTest {
    private final FakeTicker ticker = new FakeTicker();
    private final InProcessSearchCache cache = new InProcessSearchCache(ticker, 3);

    private static SearchKey key(String text) {
        return SearchKey.of(SearchQuery.of(text));
    }

    @Test
    void reportsTheExactTimeLeftAndForgetsThePageWhenItEnds() {
        cache.put(key("batman"), SearchPage.empty(1), Duration.ofSeconds(600));
        ticker.advanceSeconds(250);
        assertThat(cache.get(key("batman"))).get().extracting(CachedSearch::timeToLive)
                .isEqualTo(Duration.ofSeconds(350));

        ticker.advanceSeconds(350);
        assertThat(cache.get(key("batman"))).isEmpty();
    }

    @Test
    void keepsAtMostMaxEntriesDroppingExpiredOnesFirst() {
        cache.put(key("short-lived"), SearchPage.empty(1), Duration.ofSeconds(1));
        cache.put(key("two"), SearchPage.empty(1), Duration.ofHours(1));
        cache.put(key("three"), SearchPage.empty(1), Duration.ofHours(1));
        ticker.advanceSeconds(2);
        cache.put(key("four"), SearchPage.empty(1), Duration.ofHours(1));

        assertThat(cache.get(key("two"))).isPresent();
        assertThat(cache.get(key("three"))).isPresent();
        assertThat(cache.get(key("four"))).isPresent();

        IntStream.range(5, 50).forEach(i -> cache.put(key("q" + i), SearchPage.empty(1), Duration.ofHours(1)));
        long kept = Stream.concat(Stream.of("two", "three", "four"), IntStream.range(5, 50).mapToObj(i -> "q" + i))
                .filter(text -> cache.get(key(text)).isPresent()).count();
        assertThat(kept).isBetween(1L, 3L);
        assertThat(cache.get(key("q49"))).as("the newest is kept").isPresent();
    }

    private static SearchTerms terms(String text) {
        return SearchTerms.of(key(text));
    }

    @Test
    void remembersTooBroadTermsForTheirTtlOnEveryPage() {
        assertThat(cache.rememberTooBroad(terms("b"), Duration.ofSeconds(300))).isTrue();
        ticker.advanceSeconds(299);

        assertThat(cache.isTooBroad(terms("b"))).isTrue();
        assertThat(cache.read(SearchKey.of(SearchQuery.of("B").withPage(7))))
                .isEqualTo(new SearchRead(Optional.empty(), true));
        assertThat(cache.isTooBroad(SearchTerms.of(SearchKey.of(
                new SearchQuery("b", 1, Optional.of(MediaType.MOVIE), OptionalInt.empty()))))).isFalse();
        assertThat(cache.isTooBroad(terms("ba"))).isFalse();

        ticker.advanceSeconds(1);
        assertThat(cache.isTooBroad(terms("b"))).isFalse();
        assertThat(cache.read(key("b"))).isEqualTo(SearchRead.NOTHING);
    }

    @Test
    void keepsAtMostMaxEntriesTooBroadTermsBesidesThePages() {
        IntStream.range(0, 3).forEach(i -> cache.put(key("page" + i), SearchPage.empty(1), Duration.ofHours(1)));
        IntStream.range(0, 50).forEach(i -> cache.rememberTooBroad(terms("t" + i), Duration.ofHours(1)));

        assertThat(IntStream.range(0, 50).filter(i -> cache.isTooBroad(terms("t" + i))).count()).isBetween(1L, 3L);
        assertThat(cache.isTooBroad(terms("t49"))).as("the newest is kept").isTrue();
        assertThat(IntStream.range(0, 3).filter(i -> cache.get(key("page" + i)).isPresent()).count())
                .as("pages are bounded apart").isEqualTo(3);
    }

    @Test
    void refusesFewerThanOneEntry() {
        assertThatThrownBy(() -> new InProcessSearchCache(ticker, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    }
}
