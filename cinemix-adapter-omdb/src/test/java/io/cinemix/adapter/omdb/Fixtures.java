package io.cinemix.adapter.omdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.SearchPage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OMDb's exact bodies for the stub: the bundled titles as OMDb sends them (the same resource the offline catalog
 * serves), search answers built in OMDb's shape, and OMDb's error bodies.
 */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final Map<String, ObjectNode> TITLES = load();

    private Fixtures() {
    }

    /** Every bundled imdbID, in bundled order. */
    static List<String> ids() {
        return new ArrayList<>(TITLES.keySet());
    }

    /** The title's body exactly as bundled (and as OMDb sends it for {@code ?i=}). */
    static String title(String imdbId) {
        ObjectNode node = TITLES.get(imdbId);
        if (node == null) {
            throw new IllegalArgumentException("no fixture " + imdbId);
        }
        return node.toString();
    }

    /** An OMDb {@code ?s=} answer carrying the given page: {@code Search}, {@code totalResults}, {@code Response}. */
    static String search(SearchPage page) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("Search");
        for (MovieSummary m : page.results()) {
            ObjectNode item = items.addObject();
            item.put("Title", m.title());
            item.put("Year", m.year());
            item.put("imdbID", m.imdbId().value());
            item.put("Type", m.type());
            item.put("Poster", m.poster().orElse("N/A"));
        }
        body.put("totalResults", Long.toString(page.totalResults()));
        body.put("Response", "True");
        return body.toString();
    }

    /** OMDb's error body: {@code {"Response":"False","Error":"..."}}, keys in that order. */
    static String error(String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("Response", "False");
        body.put("Error", text);
        return body.toString();
    }

    private static Map<String, ObjectNode> load() {
        try (InputStream in = OfflineMovieCatalog.class.getResourceAsStream(OfflineMovieCatalog.RESOURCE)) {
            Map<String, ObjectNode> titles = new LinkedHashMap<>();
            for (JsonNode node : JSON.readTree(in)) {
                titles.put(node.get("imdbID").asText(), (ObjectNode) node);
            }
            return titles;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
