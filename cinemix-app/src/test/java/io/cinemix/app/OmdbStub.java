package io.cinemix.app;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * OMDb as the reference describes it (omdb-api.md): every call a GET on the root path with {@code apikey}; bodies in
 * OMDb's exact shape, every value a string, "N/A" for missing values; errors as {@code {"Response":"False",...}}.
 * Only the given key is accepted.
 */
final class OmdbStub implements AutoCloseable {
    static final String BATMAN_BEGINS = """
            {"Title":"Batman Begins","Year":"2005","Rated":"PG-13","Released":"15 Jun 2005","Runtime":"140 min",\
            "Genre":"Action, Crime, Drama","Director":"Christopher Nolan","Writer":"Bob Kane, David S. Goyer",\
            "Actors":"Christian Bale, Michael Caine","Plot":"After witnessing his parents' death, Bruce learns.",\
            "Language":"English, Mandarin","Country":"United States, United Kingdom","Awards":"Nominated for 1 Oscar.",\
            "Poster":"https://m.media-amazon.com/images/M/batman.jpg","Ratings":[{"Source":"Internet Movie Database",\
            "Value":"8.2/10"},{"Source":"Rotten Tomatoes","Value":"85%"}],"Metascore":"70","imdbRating":"8.2",\
            "imdbVotes":"1,632,190","imdbID":"tt0372784","Type":"movie","DVD":"18 Oct 2005","BoxOffice":"$206,863,479",\
            "Production":"N/A","Website":"N/A","Response":"True"}""";
    static final String SEARCH_BATMAN = """
            {"Search":[{"Title":"Batman Begins","Year":"2005","imdbID":"tt0372784","Type":"movie",\
            "Poster":"https://m.media-amazon.com/images/M/batman.jpg"},{"Title":"Batman: The Animated Series",\
            "Year":"1992–1995","imdbID":"tt0103359","Type":"series","Poster":"N/A"}],"totalResults":"482",\
            "Response":"True"}""";

    /** An id OMDb answers after 1.5 s. */
    static final String SLOW_ID = "tt0000777";

    private final WireMockServer server;
    private final String apiKey;

    OmdbStub(String apiKey) {
        this.apiKey = apiKey;
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("s", equalTo("batman")), 200, SEARCH_BATMAN);
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("s", equalTo("zzzz")), 200, error("Movie not found!"));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("s", equalTo("a")), 200, error("Too many results."));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo("tt0372784")), 200, BATMAN_BEGINS);
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo("tt9999999")), 200, error("Incorrect IMDb ID."));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo("tt0000500")), 500,
                "<html>upstream exploded for apikey=" + apiKey + "</html>");
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo("tt0000401")), 401, error("Request limit reached!"));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", absent()), 401, error("No API key provided."));
        server.stubFor(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo(SLOW_ID)).willReturn(aResponse().withStatus(200)
                        .withFixedDelay(1500).withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(BATMAN_BEGINS.replace("tt0372784", SLOW_ID))));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** Calls that looked up this id. */
    int detailCalls(String imdbId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/")).withQueryParam("i", equalTo(imdbId))).size();
    }

    int calls() {
        return server.findAll(getRequestedFor(urlPathEqualTo("/"))).size();
    }

    String apiKey() {
        return apiKey;
    }

    private void stub(MappingBuilder request, int status, String body) {
        server.stubFor(request.willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
    }

    private static String error(String text) {
        return "{\"Response\":\"False\",\"Error\":\"" + text + "\"}";
    }

    @Override
    public void close() {
        server.stop();
    }
}
