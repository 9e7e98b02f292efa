package io.cinemix.adapter.redis;

import io.cinemix.core.port.DetailsKey;
import io.cinemix.core.port.SearchKey;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeNoticeTest {
    private static final DetailsKey BATMAN_FULL = new DetailsKey(ImdbId.of("tt0372784"), Plot.FULL);

    @Test
    void aDetailsNoticeCarriesItsKeyNameItsDetailsAndItsInstance() {
        ChangeNotice notice = ChangeNotice.read(ChangeNotice.of(BATMAN_FULL, "instance-a").json());

        assertThat(notice.key()).isEqualTo("movie_tt0372784_full");
        assertThat(notice.details()).contains(BATMAN_FULL);
        assertThat(notice.instance()).isEqualTo("instance-a");
    }

    @Test
    void aSearchNoticeNamesNoDetails() {
        SearchKey batman = SearchKey.of(SearchQuery.of("batman"));
        ChangeNotice notice = ChangeNotice.read(ChangeNotice.of(batman, "instance-a").json());

        assertThat(notice.key()).isEqualTo(RedisKeys.search(batman));
        assertThat(notice.details()).isEmpty();
    }

    @Test
    void aKeyNamePublishedByHandIsANoticeOfThatKeyFromNoInstanceWithNoDetails() {
        ChangeNotice notice = ChangeNotice.read("movie_tt0372784");

        assertThat(notice.key()).isEqualTo("movie_tt0372784");
        assertThat(notice.details()).as("nothing parses the name back into an id").isEmpty();
        assertThat(notice.instance()).isNull();
    }

    @Test
    void jsonThatIsNotANoticeIsTakenAsABareKeyName() {
        assertThat(ChangeNotice.read("{\"nope\":1}").key()).isEqualTo("{\"nope\":1}");
        assertThat(ChangeNotice.read("{broken").details()).isEmpty();
    }
}
