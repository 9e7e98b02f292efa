package io.cinemix.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * OMDb as the reference describes it (omdb-api.md): every call a GET on the root path with {@code apikey}; bodies in
 * OMDb's exact shape, every value a string, "N/A" for missing values; errors as {@code {"Response":"False",...}}.
 * Only the given key is accepted ("Invalid API key!" for any other). Some ids stand for faults (constants below);
 * {@link #answer} injects more.
 */
public final class OmdbStub implements AutoCloseable {
    public static final String BATMAN_BEGINS = """
            {"Title":"Batman Begins","Year":"2005","Rated":"PG-13","Released":"15 Jun 2005","Runtime":"140 min",\
            "Genre":"Action, Crime, Drama","Director":"Christopher Nolan","Writer":"Bob Kane, David S. Goyer",\
            "Actors":"Christian Bale, Michael Caine","Plot":"After witnessing his parents' death, Bruce learns.",\
            "Language":"English, Mandarin","Country":"United States, United Kingdom","Awards":"Nominated for 1 Oscar.",\
            "Poster":"https://m.media-amazon.com/images/M/batman.jpg","Ratings":[{"Source":"Internet Movie Database",\
            "Value":"8.2/10"},{"Source":"Rotten Tomatoes","Value":"85%"}],"Metascore":"70","imdbRating":"8.2",\
            "imdbVotes":"1,632,190","imdbID":"tt0372784","Type":"movie","DVD":"18 Oct 2005","BoxOffice":"$206,863,479",\
            "Production":"N/A","Website":"N/A","Response":"True"}""";
    public static final String SEARCH_BATMAN = """
            {"Search":[{"Title":"Batman Begins","Year":"2005","imdbID":"tt0372784","Type":"movie",\
            "Poster":"https://m.media-amazon.com/images/M/batman.jpg"},{"Title":"Batman: The Animated Series",\
            "Year":"1992–1995","imdbID":"tt0103359","Type":"series","Poster":"N/A"}],"totalResults":"482",\
            "Response":"True"}""";

    /** An id OMDb answers after 1.5 s. */
    public static final String SLOW_ID = "tt0000777";
    /** An id OMDb answers with HTTP 500 and an HTML page quoting the key. */
    public static final String SERVER_ERROR_ID = "tt0000500";
    /** An id OMDb answers with "Request limit reached!" (HTTP 401), as when the day's quota is spent. */
    public static final String LIMIT_REACHED_ID = "tt0000401";
    /** An id OMDb does not know ("Incorrect IMDb ID."). */
    public static final String UNKNOWN_ID = "tt9999999";
    /** An id OMDb answers with 200 and an HTML page (a captive portal, a CDN error page). */
    public static final String HTML_ID = "tt0000200";
    /** An id OMDb answers with 200 and JSON cut off in the middle. */
    public static final String GARBAGE_JSON_ID = "tt0000201";
    /** An id OMDb answers only after {@link #HANG_MILLIS}. */
    public static final String HANGING_ID = "tt0000504";
    public static final int HANG_MILLIS = 3_000;
    /** An id for which OMDb resets the connection (TCP RST) instead of answering. */
    public static final String CONNECTION_RESET_ID = "tt0000502";

    private final WireMockServer server;
    private final String apiKey;

    public OmdbStub(String apiKey) {
        this.apiKey = apiKey;
        // Jetty's 8 KB default for response headers would turn a stubbed huge header into Jetty's own 500.
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .jettyHeaderResponseSize(256 * 1024));
        server.start();
        stubDefaults();
    }

    /** Forgets the calls seen and any {@link #answer} given; back to the answers above. */
    public void reset() {
        server.resetAll();
        stubDefaults();
    }

    /** From now on, answers details lookups of {@code imdbId} (with the right key) with {@code response}. */
    public void answer(String imdbId, ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo(imdbId)).willReturn(response));
    }

    /** From now on, answers searches for {@code text} (with the right key) with {@code response}. */
    public void answerSearch(String text, ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("s", equalTo(text)).willReturn(response));
    }

    /** OMDb's answer to a search for "batman", after {@code millis}. */
    public static ResponseDefinitionBuilder batmanSearchAfter(int millis) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(SEARCH_BATMAN).withFixedDelay(millis);
    }

    /** OMDb's successful answer for Batman Begins, under another id. */
    public static ResponseDefinitionBuilder movie(String imdbId) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(BATMAN_BEGINS.replace("tt0372784", imdbId));
    }

    private void stubDefaults() {
        // Any other key: OMDb's answer to a mistyped or revoked key (before the "no key" stub, which must win).
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", notMatching(Pattern.quote(apiKey))), 401,
                error("Invalid API key!"));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("s", equalTo("batman")), 200, SEARCH_BATMAN);
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("s", equalTo("zzzz")), 200, error("Movie not found!"));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("s", equalTo("a")), 200, error("Too many results."));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo("tt0372784")), 200, BATMAN_BEGINS);
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo(UNKNOWN_ID)), 200, error("Incorrect IMDb ID."));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo(SERVER_ERROR_ID)), 500,
                "<html>upstream exploded for apikey=" + apiKey + "</html>");
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(apiKey))
                .withQueryParam("i", equalTo(LIMIT_REACHED_ID)), 401, error("Request limit reached!"));
        stub(get(urlPathEqualTo("/")).withQueryParam("apikey", absent()), 401, error("No API key provided."));
        answer(SLOW_ID, movie(SLOW_ID).withFixedDelay(1500));
        answer(HTML_ID, aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>"));
        answer(GARBAGE_JSON_ID, aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(BATMAN_BEGINS.substring(0, BATMAN_BEGINS.length() / 2)));
        answer(HANGING_ID, movie(HANGING_ID).withFixedDelay(HANG_MILLIS));
        answer(CONNECTION_RESET_ID, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** Calls that looked up this id. */
    public int detailCalls(String imdbId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/")).withQueryParam("i", equalTo(imdbId))).size();
    }

    /** Calls that searched for this text. */
    public int searchCalls(String text) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/")).withQueryParam("s", equalTo(text))).size();
    }

    public int calls() {
        return server.findAll(getRequestedFor(urlPathEqualTo("/"))).size();
    }

    public String apiKey() {
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
