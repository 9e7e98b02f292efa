package io.cinemix.adapter.http;

import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.Plot;
import io.cinemix.ports.CountingMovieCatalog;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@MicronautTest(startApplication = false)
class DetailsBodiesTest {
    private static final MovieDetails BEGINS = CountingMovieCatalog.movie("tt0372784", "Batman Begins");

    @Inject
    JsonMapper json;

    @Test
    void writesTheWireFormOfTheDetails() throws IOException {
        DetailsBodies bodies = new DetailsBodies(json, 10);

        byte[] body = bodies.of(BEGINS, Plot.SHORT).json();

        assertThat(body).isEqualTo(json.writeValueAsBytes(MovieDetailsResponse.from(BEGINS)));
        assertThat(read(body)).containsEntry("imdb_id", "tt0372784").containsEntry("title", "Batman Begins");
    }

    @Test
    void sendsTheStoredBytesAgainForTheSameDetails() {
        DetailsBodies bodies = new DetailsBodies(json, 10);

        byte[] first = bodies.of(BEGINS, Plot.SHORT).json();

        assertThat(bodies.of(BEGINS, Plot.SHORT).json()).isSameAs(first);
        assertThat(bodies.of(CountingMovieCatalog.movie("tt0372784", "Batman Begins"), Plot.SHORT).json())
                .isSameAs(first);
    }

    @Test
    void answersRefreshedDetailsWithTheirOwnBody() throws IOException {
        DetailsBodies bodies = new DetailsBodies(json, 10);
        bodies.of(BEGINS, Plot.SHORT);

        byte[] refreshed = bodies.of(CountingMovieCatalog.movie("tt0372784", "Batman Begins (IMAX)"), Plot.SHORT)
                .json();

        assertThat(read(refreshed)).containsEntry("title", "Batman Begins (IMAX)");
    }

    @Test
    void keepsTheShortAndTheFullPlotApart() throws IOException {
        DetailsBodies bodies = new DetailsBodies(json, 10);
        bodies.of(BEGINS, Plot.SHORT);

        byte[] full = bodies.of(CountingMovieCatalog.movie("tt0372784", "Batman Begins, full plot"), Plot.FULL)
                .json();

        assertThat(read(full)).containsEntry("title", "Batman Begins, full plot");
        assertThat(read(bodies.of(BEGINS, Plot.SHORT).json())).containsEntry("title", "Batman Begins");
    }

    @Test
    void staysCorrectWhenFull() throws IOException {
        DetailsBodies bodies = new DetailsBodies(json, 2);

        for (int i = 0; i < 5; i++) {
            MovieDetails movie = CountingMovieCatalog.movie("tt000000" + i, "Movie " + i);
            assertThat(read(bodies.of(movie, Plot.SHORT).json())).containsEntry("title", "Movie " + i);
        }
        assertThat(read(bodies.of(BEGINS, Plot.SHORT).json())).containsEntry("title", "Batman Begins");
    }

    @Test
    void tagsEachBodyWithAStrongEntityTagOfItsBytes() {
        DetailsBodies bodies = new DetailsBodies(json, 10);

        DetailsBodies.Body body = bodies.of(BEGINS, Plot.SHORT);

        assertThat(body.etag()).matches("\"[A-Za-z0-9_-]{22}\"").isEqualTo(DetailsBodies.etag(body.json()));
        assertThat(bodies.of(BEGINS, Plot.SHORT)).isSameAs(body);
    }

    @Test
    void givesChangedDetailsAnotherEntityTag() {
        DetailsBodies bodies = new DetailsBodies(json, 10);
        String before = bodies.of(BEGINS, Plot.SHORT).etag();

        String after = bodies.of(CountingMovieCatalog.movie("tt0372784", "Batman Begins (IMAX)"), Plot.SHORT).etag();

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void refusesANonPositiveSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DetailsBodies(json, 0))
                .withMessageContaining("maxEntries");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(byte[] body) throws IOException {
        return json.readValue(body, Map.class);
    }
}
