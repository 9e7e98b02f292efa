package io.cinemix.adapter.memory;

import io.cinemix.core.CachePolicy;
import io.cinemix.core.CachingMovieSearch;
import io.cinemix.core.fake.CountingMovieCatalog;
import io.cinemix.core.port.CacheStatus;
import io.cinemix.core.port.Freshness;
import io.cinemix.core.port.MovieLookup;

import io.cinemix.domain.FakeTicker;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.domain.UpstreamUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** CACHE_TTL = 60 s, CACHE_GRACE = 30 s, on a fake clock: what a lookup says about how long it may be reused. */
class FreshnessTest {
    private static final ImdbId ID = ImdbId.of("tt0372784");
    private static final MovieDetails BATMAN = CountingMovieCatalog.movie("tt0372784", "Batman Begins");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final CachePolicy POLICY = new CachePolicy(Duration.ofSeconds(60), GRACE,
            CachePolicy.DEFAULT_NEGATIVE_TTL);

    private final FakeTicker ticker = new FakeTicker(42);
    private final InProcessMovieCache cache = new InProcessMovieCache(ticker, 100);
    private final CountingMovieCatalog catalog = new CountingMovieCatalog().with(BATMAN);
    private final CachingMovieSearch search = new CachingMovieSearch(catalog, cache, POLICY);

    @Test
    void aJustStoredAnswerIsFreshForTheWholeTtlAndZeroSecondsOld() {
        assertThat(search.findById(ID, Plot.SHORT)).get().extracting(MovieLookup::freshness)
                .isEqualTo(new Freshness(Duration.ofSeconds(60), Duration.ZERO, GRACE));
    }

    @Test
    void aHitIsFreshForTheTtlLeftAndAsOldAsTheTimeSinceItWasStored() {
        search.findById(ID, Plot.SHORT);
        ticker.advance(Duration.ofSeconds(25));

        MovieLookup hit = search.findById(ID, Plot.SHORT).orElseThrow();

        assertThat(hit.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(hit.freshness()).isEqualTo(new Freshness(Duration.ofSeconds(35), Duration.ofSeconds(25), GRACE));
    }

    @Test
    void aStaleAnswerHasNoFreshnessLeftAndKeepsItsAge() {
        search.findById(ID, Plot.SHORT);
        ticker.advance(Duration.ofSeconds(70));
        catalog.failWith(() -> new UpstreamUnavailableException("down"));

        MovieLookup stale = search.findById(ID, Plot.SHORT).orElseThrow();

        assertThat(stale.cacheStatus()).isEqualTo(CacheStatus.STALE);
        assertThat(stale.freshness()).isEqualTo(new Freshness(Duration.ZERO, Duration.ofSeconds(70), GRACE));
    }

    @Test
    void withoutGraceTheFreshnessLeftIsTheEntrysTimeToLive() {
        CachePolicy policy = CachePolicy.of(Duration.ofSeconds(60));

        assertThat(policy.details().freshness(Duration.ofSeconds(12)))
                .isEqualTo(new Freshness(Duration.ofSeconds(12), Duration.ofSeconds(48), Duration.ZERO));
    }

    @Test
    void anEntryReportingMoreThanItWasStoredForIsZeroSecondsOld() {
        assertThat(POLICY.details().freshness(Duration.ofSeconds(120)).age()).isZero();
    }
}
