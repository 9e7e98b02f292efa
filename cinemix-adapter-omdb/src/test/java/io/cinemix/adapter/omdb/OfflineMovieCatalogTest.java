package io.cinemix.adapter.omdb;

import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.Plot;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfflineMovieCatalogTest {
    private final OfflineMovieCatalog catalog = OfflineMovieCatalog.bundled();

    private static SearchQuery query(String text) {
        return SearchQuery.of(text);
    }

    private List<String> titles(SearchPage page) {
        return page.results().stream().map(MovieSummary::title).toList();
    }

    private MovieDetails details(String id) {
        return catalog.findById(ImdbId.of(id), Plot.SHORT).orElseThrow();
    }

    @Test
    void bundlesAFewDozenTitlesOfEveryKind() {
        List<MovieDetails> all = catalog.titles();

        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        assertThat(all).extracting(MovieDetails::type).contains("movie", "series", "episode", "game");
        assertThat(all).extracting(MovieDetails::imdbId).doesNotHaveDuplicates();
    }

    @Test
    void batmanSpansThreePagesOfTenWithoutOverlap() {
        SearchPage first = catalog.search(query("batman"));
        SearchPage second = catalog.search(query("batman").withPage(2));
        SearchPage third = catalog.search(query("batman").withPage(3));

        assertThat(first.results()).hasSize(10);
        assertThat(second.results()).hasSize(10);
        assertThat(third.results()).hasSize(2);
        assertThat(first.totalResults()).isEqualTo(22);
        assertThat(first.totalPages()).isEqualTo(3);
        assertThat(third.page()).isEqualTo(3);
        Set<ImdbId> ids = new HashSet<>();
        for (SearchPage page : List.of(first, second, third)) {
            page.results().forEach(m -> ids.add(m.imdbId()));
        }
        assertThat(ids).hasSize(22);
        assertThat(ids).allMatch(id -> details(id.value()).title().toLowerCase().contains("batman"));
    }

    @Test
    void pagePastTheEndIsEmpty() {
        SearchPage page = catalog.search(query("batman").withPage(4));

        assertThat(page.results()).isEmpty();
        assertThat(page.totalResults()).isZero();
        assertThat(page.page()).isEqualTo(4);
    }

    @Test
    void matchesWholeWordsOnly() {
        assertThat(titles(catalog.search(query("cast")))).containsExactly("Cast Away");
        assertThat(titles(catalog.search(query("castle")))).containsExactly("Castle");
        assertThat(catalog.search(query("bat")).results()).isEmpty();
    }

    @Test
    void needsEveryWordInAnyCaseAndIgnoresPunctuation() {
        assertThat(titles(catalog.search(query("DARK knight")))).containsExactlyInAnyOrder("The Dark Knight",
                "The Dark Knight Rises", "Batman: The Dark Knight Returns, Part 1",
                "Batman: The Dark Knight Returns, Part 2");
        assertThat(titles(catalog.search(query("Batman & Robin")))).containsExactly("Batman & Robin");
        assertThat(titles(catalog.search(query("knight dark rises")))).containsExactly("The Dark Knight Rises");
    }

    @Test
    void noMatchIsAnEmptyFirstPage() {
        SearchPage page = catalog.search(query("qwertyuiop"));

        assertThat(page).isEqualTo(SearchPage.empty(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "ba", "!!", "x !"})
    void queriesOfFewerThanThreeLettersAreTooBroad(String text) {
        assertThatThrownBy(() -> catalog.search(query(text))).isInstanceOf(QueryTooBroadException.class);
    }

    @Test
    void typeFilterKeepsOnlyThatType() {
        SearchPage series = catalog.search(new SearchQuery("batman", 1, Optional.of(MediaType.SERIES),
                OptionalInt.empty()));

        assertThat(series.results()).hasSize(5).allMatch(m -> m.type().equals("series"));
        assertThat(series.totalResults()).isEqualTo(5);
        assertThat(catalog.search(new SearchQuery("bad", 1, Optional.of(MediaType.EPISODE), OptionalInt.empty()))
                .results()).isEmpty();
    }

    @Test
    void yearFilterMatchesTheFirstYear() {
        SearchPage page = catalog.search(new SearchQuery("batman", 1, Optional.empty(), OptionalInt.of(1992)));

        assertThat(titles(page)).containsExactlyInAnyOrder("Batman Returns", "Batman: The Animated Series");
    }

    @Test
    void typeAndYearFiltersCombine() {
        SearchPage page = catalog.search(new SearchQuery("batman", 1, Optional.of(MediaType.MOVIE),
                OptionalInt.of(2016)));

        assertThat(titles(page)).containsExactlyInAnyOrder("Batman v Superman: Dawn of Justice",
                "Batman: The Killing Joke");
    }

    @Test
    void findsNonAsciiTitlesByTheirAccentedWords() {
        assertThat(titles(catalog.search(query("amélie")))).containsExactly("Am\u00e9lie");
        assertThat(titles(catalog.search(query("Léon")))).containsExactly("L\u00e9on: The Professional");
    }

    @Test
    void searchResultsCarryYearTypeAndPosterAsBundled() {
        MovieSummary begins = catalog.search(query("batman begins")).results().get(0);
        MovieSummary tas = catalog.search(query("animated series")).results().get(0);

        assertThat(begins.year()).isEqualTo("2005");
        assertThat(begins.poster()).hasValueSatisfying(p -> assertThat(p).startsWith("https://"));
        assertThat(tas.year()).isEqualTo("1992\u20131995");
        assertThat(tas.type()).isEqualTo("series");
        assertThat(tas.poster()).isEmpty();
    }

    @Test
    void movieDetailsAreTyped() {
        MovieDetails movie = details("tt0372784");

        assertThat(movie.title()).isEqualTo("Batman Begins");
        assertThat(movie.imdbVotes()).isEqualTo(1_632_190L);
        assertThat(movie.imdbRating()).isEqualTo(8.2);
        assertThat(movie.metascore()).isEqualTo(70);
        assertThat(movie.ratings()).hasSize(3);
        assertThat(movie.boxOffice()).isEqualTo("$206,863,479");
    }

    @Test
    void seriesKeepsItsEnDashYearAndSeasons() {
        MovieDetails series = details("tt0903747");

        assertThat(series.year()).isEqualTo("2008\u20132013");
        assertThat(series.totalSeasons()).isEqualTo(5);
        assertThat(details("tt14681924").year()).isEqualTo("2024\u2013");
    }

    @Test
    void episodeKnowsItsSeries() {
        MovieDetails episode = details("tt2301451");

        assertThat(episode.title()).isEqualTo("Ozymandias");
        assertThat(episode.season()).isEqualTo(5);
        assertThat(episode.episode()).isEqualTo(14);
        assertThat(episode.seriesId()).isEqualTo(ImdbId.of("tt0903747"));
        assertThat(episode.imdbRating()).isEqualTo(10.0);
    }

    @Test
    void smallVoteCountsWithoutCommasAreNumbers() {
        assertThat(details("tt0606111").imdbVotes()).isEqualTo(559L);
        assertThat(details("tt0606111").awards()).isNull();
    }

    @Test
    void eightDigitIdsAreServed() {
        assertThat(details("tt15398776").title()).isEqualTo("Oppenheimer");
    }

    @Test
    void olderRecordsWithNotAvailableFieldsHaveThemAbsent() {
        MovieDetails old = details("tt0090190");

        assertThat(old.awards()).isNull();
        assertThat(old.metascore()).isNull();
        assertThat(old.poster()).isNull();
        assertThat(old.ratings()).isEmpty();
        assertThat(old.dvd()).isNull();
        assertThat(old.boxOffice()).isNull();
        assertThat(old.imdbVotes()).isEqualTo(24_519L);
    }

    @Test
    void unknownIdIsAbsent() {
        assertThat(catalog.findById(ImdbId.of("tt0000001"), Plot.FULL)).isEmpty();
    }
}
