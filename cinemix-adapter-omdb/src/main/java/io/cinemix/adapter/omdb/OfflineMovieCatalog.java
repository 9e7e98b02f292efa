package io.cinemix.adapter.omdb;

import io.cinemix.core.port.MovieCatalog;

import com.fasterxml.jackson.core.type.TypeReference;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.Plot;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link MovieCatalog} over titles bundled with this jar in OMDb's own JSON format (a few dozen real titles), for
 * running without an OMDb key. It searches the way OMDb does: every word of the query must be a whole word of the
 * title, case-insensitively ("cast" finds "Cast Away", not "Castle"); ten results a page; a page past the last one
 * is empty; a query of fewer than three letters or digits is too broad; {@code type} must equal the title's type
 * and {@code y} its (first) year. The bundled fixtures hold one plot per title, served for both plot lengths.
 */
public final class OfflineMovieCatalog implements MovieCatalog {
    static final String RESOURCE = "offline-titles.json";
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final int MIN_QUERY_CHARACTERS = 3;

    private final Map<ImdbId, MovieDetails> titles;

    private OfflineMovieCatalog(Map<ImdbId, MovieDetails> titles) {
        this.titles = titles;
    }

    /** The catalog of the titles bundled in this jar. */
    public static OfflineMovieCatalog bundled() {
        try (InputStream in = OfflineMovieCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The bundled catalog " + RESOURCE + " is missing from the jar.");
            }
            List<OmdbWire.Title> records = OmdbWire.MAPPER.readValue(in, new TypeReference<List<OmdbWire.Title>>() {
            });
            Map<ImdbId, MovieDetails> byId = new LinkedHashMap<>();
            for (OmdbWire.Title record : records) {
                MovieDetails movie = OmdbWire.toDomain(record).orElseThrow(() -> new IllegalStateException(
                        "A bundled title has no usable imdbID or Title: " + record.imdbId()));
                if (byId.put(movie.imdbId(), movie) != null) {
                    throw new IllegalStateException("A bundled title appears twice: " + movie.imdbId());
                }
            }
            return new OfflineMovieCatalog(Collections.unmodifiableMap(byId));
        } catch (IOException e) {
            throw new UncheckedIOException("The bundled catalog " + RESOURCE + " cannot be read.", e);
        }
    }

    /** Every bundled title, in the bundled order. */
    List<MovieDetails> titles() {
        return List.copyOf(titles.values());
    }

    @Override
    public SearchPage search(SearchQuery query) {
        Set<String> wanted = words(query.text());
        int characters = (int) query.text().codePoints().filter(Character::isLetterOrDigit).count();
        if (characters < MIN_QUERY_CHARACTERS) {
            throw new QueryTooBroadException();
        }
        List<MovieSummary> matches = titles.values().stream()
                .filter(movie -> words(movie.title()).containsAll(wanted))
                .filter(movie -> query.type().map(t -> t.wireName().equals(movie.type())).orElse(true))
                .filter(movie -> query.year().stream().allMatch(
                        y -> movie.year() != null && movie.year().startsWith(Integer.toString(y))))
                .map(OfflineMovieCatalog::summary)
                .toList();
        int from = (query.page() - 1) * SearchPage.PAGE_SIZE;
        if (from >= matches.size()) {
            return SearchPage.empty(query.page());
        }
        int to = Math.min(from + SearchPage.PAGE_SIZE, matches.size());
        return new SearchPage(matches.subList(from, to), matches.size(), query.page());
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        return Optional.ofNullable(titles.get(id));
    }

    @Override
    public String toString() {
        return "OfflineMovieCatalog[" + titles.size() + " bundled titles]";
    }

    private static MovieSummary summary(MovieDetails movie) {
        return new MovieSummary(movie.imdbId(), movie.title(), movie.year(), movie.type(),
                Optional.ofNullable(movie.poster()));
    }

    private static Set<String> words(String text) {
        return NON_WORD.splitAsStream(text.toLowerCase(Locale.ROOT))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.toSet());
    }
}
