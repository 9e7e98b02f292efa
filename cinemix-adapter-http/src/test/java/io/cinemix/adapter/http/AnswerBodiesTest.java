package io.cinemix.adapter.http;

import io.cinemix.core.port.DetailsKey;

import io.cinemix.core.fake.CountingMovieCatalog;

import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.Plot;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@MicronautTest(startApplication = false)
class AnswerBodiesTest {
    private static final MovieDetails BEGINS = CountingMovieCatalog.movie("tt0372784", "Batman Begins");

    @Inject
    JsonMapper json;

    @Test
    void writesTheWireFormOfTheDetails() throws IOException {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);

        byte[] body = body(bodies, BEGINS, Plot.SHORT).json();

        assertThat(body).isEqualTo(json.writeValueAsBytes(MovieDetailsResponse.from(BEGINS)));
        assertThat(read(body)).containsEntry("imdb_id", "tt0372784").containsEntry("title", "Batman Begins");
    }

    @Test
    void sendsTheStoredBytesAgainForTheSameDetails() {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);

        byte[] first = body(bodies, BEGINS, Plot.SHORT).json();

        assertThat(body(bodies, BEGINS, Plot.SHORT).json()).isSameAs(first);
        assertThat(body(bodies, CountingMovieCatalog.movie("tt0372784", "Batman Begins"), Plot.SHORT).json())
                .isSameAs(first);
    }

    @Test
    void answersRefreshedDetailsWithTheirOwnBody() throws IOException {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);
        body(bodies, BEGINS, Plot.SHORT);

        byte[] refreshed = body(bodies, CountingMovieCatalog.movie("tt0372784", "Batman Begins (IMAX)"), Plot.SHORT)
                .json();

        assertThat(read(refreshed)).containsEntry("title", "Batman Begins (IMAX)");
    }

    @Test
    void keepsTheShortAndTheFullPlotApart() throws IOException {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);
        body(bodies, BEGINS, Plot.SHORT);

        byte[] full = body(bodies, CountingMovieCatalog.movie("tt0372784", "Batman Begins, full plot"), Plot.FULL)
                .json();

        assertThat(read(full)).containsEntry("title", "Batman Begins, full plot");
        assertThat(read(body(bodies, BEGINS, Plot.SHORT).json())).containsEntry("title", "Batman Begins");
    }

    @Test
    void staysCorrectWhenFull() throws IOException {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(2);

        for (int i = 0; i < 5; i++) {
            MovieDetails movie = CountingMovieCatalog.movie("tt000000" + i, "Movie " + i);
            assertThat(read(body(bodies, movie, Plot.SHORT).json())).containsEntry("title", "Movie " + i);
        }
        assertThat(read(body(bodies, BEGINS, Plot.SHORT).json())).containsEntry("title", "Batman Begins");
    }

    @Test
    void tagsEachBodyWithAStrongEntityTagOfItsBytes() {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);

        AnswerBodies.Body body = body(bodies, BEGINS, Plot.SHORT);

        assertThat(body.etag()).matches("\"[A-Za-z0-9_-]{22}\"").isEqualTo(AnswerBodies.etag(body.json()));
        assertThat(body(bodies, BEGINS, Plot.SHORT)).isSameAs(body);
    }

    @Test
    void givesChangedDetailsAnotherEntityTag() {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);
        String before = body(bodies, BEGINS, Plot.SHORT).etag();

        String after = body(bodies, CountingMovieCatalog.movie("tt0372784", "Batman Begins (IMAX)"), Plot.SHORT).etag();

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void refusesANonPositiveSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> details(0))
                .withMessageContaining("maxEntries");
    }

    @Test
    void writesASearchPageWithTheQueryAsAskedAndReusesItForAnEqualPage() throws IOException {
        AnswerBodies<SearchQuery, SearchPage> bodies = new AnswerBodies<>(json, 10,
                (query, page) -> SearchResponse.from(query.text(), page));
        SearchPage page = new SearchPage(List.of(new MovieSummary(BEGINS.imdbId(), "Batman Begins", "2005", "movie",
                Optional.empty())), 1, 1);

        AnswerBodies.Body asked = bodies.of(SearchQuery.of("BatMan"), page);
        AnswerBodies.Body other = bodies.of(SearchQuery.of("batman"), page);

        assertThat(read(asked.json())).containsEntry("query", "BatMan").containsEntry("total_results", 1);
        assertThat(read(other.json())).containsEntry("query", "batman");
        assertThat(bodies.of(SearchQuery.of("BatMan"), new SearchPage(page.results(), 1, 1))).isSameAs(asked);
    }

    @Test
    void gzipsABodyOnceHoweverOftenItIsAskedFor() throws IOException {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);
        MovieDetails longTitle = CountingMovieCatalog.movie("tt0372784", "Batman Begins ".repeat(100));
        AnswerBodies.Body body = body(bodies, longTitle, Plot.SHORT);

        byte[] first = body.gzipped();
        byte[] again = body(bodies, CountingMovieCatalog.movie("tt0372784", "Batman Begins ".repeat(100)), Plot.SHORT)
                .gzipped();

        assertThat(body.compressible()).isTrue();
        assertThat(gunzip(first)).isEqualTo(body.json());
        assertThat(first.length).isLessThan(body.json().length);
        assertThat(again).isSameAs(first);
        assertThat(bodies.compressions()).isEqualTo(1);
    }

    @Test
    void compressesNothingUntilAskedAndCallsSmallBodiesIncompressible() {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);

        AnswerBodies.Body body = body(bodies, BEGINS, Plot.SHORT);

        assertThat(body.json().length).isLessThan(AnswerBodies.GZIP_THRESHOLD);
        assertThat(body.compressible()).isFalse();
        assertThat(bodies.compressions()).isZero();
    }

    @Test
    void gzipsARefreshedBodyAnew() throws IOException {
        AnswerBodies<DetailsKey, MovieDetails> bodies = details(10);
        body(bodies, CountingMovieCatalog.movie("tt0372784", "Batman Begins ".repeat(100)), Plot.SHORT).gzipped();

        AnswerBodies.Body refreshed = body(bodies, CountingMovieCatalog.movie("tt0372784", "Batman Begins (IMAX) "
                .repeat(100)), Plot.SHORT);

        assertThat(read(gunzip(refreshed.gzipped()))).containsEntry("title", "Batman Begins (IMAX) ".repeat(100));
        assertThat(bodies.compressions()).isEqualTo(2);
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    private AnswerBodies<DetailsKey, MovieDetails> details(int maxEntries) {
        return new AnswerBodies<>(json, maxEntries, (key, movie) -> MovieDetailsResponse.from(movie));
    }

    private static AnswerBodies.Body body(AnswerBodies<DetailsKey, MovieDetails> bodies, MovieDetails movie, Plot plot) {
        return bodies.of(new DetailsKey(movie.imdbId(), plot), movie);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(byte[] body) throws IOException {
        return json.readValue(body, Map.class);
    }
}
