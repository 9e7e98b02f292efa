package io.cinemix.adapter.omdb;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MediaType;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.Plot;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.Rating;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OMDb adapter against a local WireMock stub speaking OMDb's exact bodies and statuses. */
class OmdbMovieCatalogTest {
    static final String KEY = "test-key-42";

    @RegisterExtension
    static WireMockExtension omdb = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final OfflineMovieCatalog offline = OfflineMovieCatalog.bundled();

    static OmdbMovieCatalog catalog() {
        return catalog(Duration.ofSeconds(5), 16, OmdbSettings.DEFAULT_MAX_BODY_BYTES);
    }

    static OmdbMovieCatalog catalog(Duration requestTimeout, int maxConcurrentCalls, int maxBodyBytes) {
        return new OmdbMovieCatalog(new OmdbSettings(URI.create(omdb.baseUrl() + "/"), KEY, Duration.ofSeconds(2),
                requestTimeout, maxConcurrentCalls, maxBodyBytes));
    }

    static void answerSearch(int status, String body) {
        omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", Fixtures.CONTENT_TYPE).withBody(body)));
    }

    static void answerDetails(String id, int status, String body) {
        omdb.stubFor(get(urlPathEqualTo("/")).withQueryParam("i", equalTo(id)).willReturn(aResponse()
                .withStatus(status).withHeader("Content-Type", Fixtures.CONTENT_TYPE).withBody(body)));
    }

    static SearchQuery query(String text) {
        return SearchQuery.of(text);
    }

    static final ImdbId BATMAN_BEGINS = ImdbId.of("tt0372784");

    static LoggedRequest onlyRequest() {
        List<ServeEvent> events = omdb.getAllServeEvents();
        assertThat(events).hasSize(1);
        return events.get(0).getRequest();
    }

    /** The query parameter names of the raw request URL, in the order they were sent. */
    static List<String> parameterNames(LoggedRequest request) {
        String url = request.getUrl();
        String query = url.substring(url.indexOf('?') + 1);
        return Arrays.stream(query.split("&")).map(p -> p.substring(0, p.indexOf('='))).toList();
    }

    @Nested
    class MappingTable {
        @ParameterizedTest
        @ValueSource(strings = {"Movie not found!", "Series not found!"})
        void searchWithNoMatchIsAnEmptyPage(String error) {
            answerSearch(200, Fixtures.error(error));

            SearchPage page = catalog().search(query("qwertyuiop"));

            assertThat(page.results()).isEmpty();
            assertThat(page.totalResults()).isZero();
            assertThat(page.page()).isEqualTo(1);
        }

        @Test
        void pagePastTheEndIsAnEmptyPageOfTheAskedNumber() {
            answerSearch(200, Fixtures.error("Movie not found!"));

            SearchPage page = catalog().search(query("batman").withPage(9));

            assertThat(page.results()).isEmpty();
            assertThat(page.page()).isEqualTo(9);
        }

        @Test
        void tooManyResultsIsQueryTooBroad() {
            answerSearch(200, Fixtures.error("Too many results."));

            assertThatThrownBy(() -> catalog().search(query("a"))).isInstanceOf(QueryTooBroadException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Error getting data.", "Incorrect IMDb ID.", "Movie not found!"})
        void detailsNotFoundAnswersAreAbsent(String error) {
            answerDetails("tt9999999", 200, Fixtures.error(error));

            assertThat(catalog().findById(ImdbId.of("tt9999999"), Plot.SHORT)).isEmpty();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "401|Request limit reached!",
                "200|Daily request limit reached!",
                "401|REQUEST LIMIT REACHED",
                "403|Request Limit reached, try again tomorrow"})
        void anyErrorMentioningLimitIsQuotaExhaustedForBothKinds(int status, String error) {
            answerSearch(status, Fixtures.error(error));

            assertThatThrownBy(() -> catalog().search(query("batman")))
                    .isInstanceOf(UpstreamQuotaExhaustedException.class);
            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamQuotaExhaustedException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Invalid API key!", "No API key provided."})
        void keyRefusalsWith401AreMisconfiguredForBothKinds(String error) {
            answerSearch(401, Fixtures.error(error));

            assertThatThrownBy(() -> catalog().search(query("batman")))
                    .isInstanceOf(UpstreamMisconfiguredException.class);
            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamMisconfiguredException.class);
        }

        @Test
        void somethingWentWrongIsUnavailable() {
            answerSearch(200, Fixtures.error("Something went wrong."));

            assertThatThrownBy(() -> catalog().search(query("batman")))
                    .isInstanceOf(UpstreamUnavailableException.class);
            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @ParameterizedTest
        @ValueSource(ints = {500, 502, 503, 504})
        void serverErrorsAreUnavailableEvenWithAValidLookingBody(int status) {
            answerSearch(status, Fixtures.title(BATMAN_BEGINS.value()));

            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "OK", "null", "[]", "{\"Title\":\"Batman Begins\"}"})
        void bodiesThatAreNotAnOmdbAnswerAreUnavailable(String body) {
            answerSearch(200, body);

            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamUnavailableException.class);
            assertThatThrownBy(() -> catalog().search(query("batman")))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @Test
        void truncatedBodyIsUnavailable() {
            String full = Fixtures.title(BATMAN_BEGINS.value());
            answerSearch(200, full.substring(0, full.length() / 2));

            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @ParameterizedTest
        @ValueSource(ints = {200, 502, 522})
        void htmlErrorPageIsUnavailable(int status) {
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(status)
                    .withHeader("Content-Type", "text/html; charset=UTF-8")
                    .withBody("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                            + "<body><h1>Bad Gateway</h1><p>cloudflare</p></body></html>")));

            assertThatThrownBy(() -> catalog().search(query("batman")))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE",
                "MALFORMED_RESPONSE_CHUNK"})
        void droppedOrBrokenConnectionIsUnavailable(String fault) {
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withFault(Fault.valueOf(fault))));

            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
        void connectionDroppedBeforeAnyAnswerIsRetriedAtMostOnce(String fault) {
            // The JDK client retries an idempotent GET once when the connection closes before any response byte
            // (it cannot tell that from a stale keep-alive connection); it must never retry more.
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withFault(Fault.valueOf(fault))));

            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamUnavailableException.class);
            assertThat(omdb.getAllServeEvents()).hasSizeBetween(1, 2);
        }

        @Test
        void errorAnswersAreNeverRetried() {
            answerSearch(401, Fixtures.error("Request limit reached!"));

            assertThatThrownBy(() -> catalog().search(query("batman")))
                    .isInstanceOf(UpstreamQuotaExhaustedException.class);
            assertThat(omdb.getAllServeEvents()).hasSize(1);
        }

        @Test
        void refusedConnectionIsUnavailable() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            OmdbMovieCatalog catalog = new OmdbMovieCatalog(
                    OmdbSettings.of(KEY).withBaseUrl(URI.create("http://127.0.0.1:" + closedPort + "/")));

            assertThatThrownBy(() -> catalog.search(query("batman")))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @Test
        void slowAnswerTimesOut() {
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", Fixtures.CONTENT_TYPE)
                    .withBody(Fixtures.title(BATMAN_BEGINS.value())).withFixedDelay(3_000)));

            assertThatThrownBy(() -> catalog(Duration.ofMillis(300), 16, 262_144).findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamTimeoutException.class);
        }

        @Test
        void bodyDrippingPastTheDeadlineTimesOut() {
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", Fixtures.CONTENT_TYPE)
                    .withBody(Fixtures.title(BATMAN_BEGINS.value())).withChunkedDribbleDelay(20, 3_000)));

            assertThatThrownBy(() -> catalog(Duration.ofMillis(500), 16, 262_144).findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamTimeoutException.class);
        }

        @Test
        void redirectIsNotFollowed() {
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", omdb.baseUrl() + "/elsewhere/?i=tt0372784")));
            omdb.stubFor(get(urlPathEqualTo("/elsewhere/")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", Fixtures.CONTENT_TYPE).withBody(Fixtures.title("tt0372784"))));

            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamUnavailableException.class);
            omdb.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere/")));
        }

        @Test
        void detailsOfAnotherTitleThanAskedAreUnavailable() {
            answerDetails(BATMAN_BEGINS.value(), 200, Fixtures.title("tt0468569"));

            assertThatThrownBy(() -> catalog().findById(BATMAN_BEGINS, Plot.SHORT))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }
    }

    @Nested
    class BodyCap {
        private String bigSearchBody() {
            return Fixtures.search(offline.search(query("batman")));
        }

        @Test
        void bodyOverTheCapWithContentLengthIsUnavailable() {
            String body = bigSearchBody();
            answerSearch(200, body);

            assertThatThrownBy(() -> catalog(Duration.ofSeconds(5), 16, body.length() / 2).search(query("batman")))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @Test
        void chunkedBodyOverTheCapIsUnavailable() {
            String body = bigSearchBody();
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", Fixtures.CONTENT_TYPE).withBody(body).withChunkedDribbleDelay(8, 200)));

            assertThatThrownBy(() -> catalog(Duration.ofSeconds(5), 16, body.length() / 2).search(query("batman")))
                    .isInstanceOf(UpstreamUnavailableException.class);
        }

        @Test
        void bodyOfExactlyTheCapIsAccepted() {
            String body = bigSearchBody();
            answerSearch(200, body);
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;

            assertThat(catalog(Duration.ofSeconds(5), 16, bytes).search(query("batman")).results()).hasSize(10);
        }
    }

    @Nested
    class Requests {
        @Test
        void searchSendsApikeySTypeYAndPageInThatOrderAndNothingElse() {
            answerSearch(200, Fixtures.error("Movie not found!"));

            catalog().search(new SearchQuery("batman", 2, Optional.of(MediaType.SERIES), OptionalInt.of(1992)));

            LoggedRequest request = onlyRequest();
            assertThat(request.getMethod().getName()).isEqualTo("GET");
            assertThat(parameterNames(request)).containsExactly("apikey", "s", "type", "y", "page");
            assertThat(request.queryParameter("apikey").firstValue()).isEqualTo(KEY);
            assertThat(request.queryParameter("type").firstValue()).isEqualTo("series");
            assertThat(request.queryParameter("y").firstValue()).isEqualTo("1992");
            assertThat(request.queryParameter("page").firstValue()).isEqualTo("2");
        }

        @Test
        void searchWithoutFiltersSendsOnlyApikeySAndPage() {
            answerSearch(200, Fixtures.error("Movie not found!"));

            catalog().search(query("batman"));

            assertThat(parameterNames(onlyRequest())).containsExactly("apikey", "s", "page");
        }

        @ParameterizedTest
        @CsvSource({"SHORT,short", "FULL,full"})
        void detailsSendApikeyIAndPlotOnlyNeverPage(Plot plot, String wire) {
            answerDetails(BATMAN_BEGINS.value(), 200, Fixtures.title(BATMAN_BEGINS.value()));

            catalog().findById(BATMAN_BEGINS, plot);

            LoggedRequest request = onlyRequest();
            assertThat(parameterNames(request)).containsExactly("apikey", "i", "plot");
            assertThat(request.queryParameter("i").firstValue()).isEqualTo("tt0372784");
            assertThat(request.queryParameter("plot").firstValue()).isEqualTo(wire);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Batman & Robin", "C#", "1+1", "Amélie", "Léon: The Professional", "100% Wolf",
                "what?page=2&i=tt0372784", "a=b;c/d", "東京物語", "Spider-Man: No Way Home", "x&callback=evil&r=xml"})
        void searchTextArrivesIntactAsOneParameter(String text) {
            answerSearch(200, Fixtures.error("Movie not found!"));

            catalog().search(query(text));

            LoggedRequest request = onlyRequest();
            assertThat(request.queryParameter("s").firstValue()).isEqualTo(text);
            assertThat(parameterNames(request)).containsExactly("apikey", "s", "page");
            assertThat(request.getUrl()).doesNotContain(" ", "#").doesNotContain("callback=", "r=xml");
        }

        @Test
        void spacesTravelAsPercentTwentyNotPlus() {
            answerSearch(200, Fixtures.error("Movie not found!"));

            catalog().search(query("the dark knight"));

            assertThat(onlyRequest().getUrl()).contains("s=the%20dark%20knight");
        }

        @Test
        void baseUrlWithoutTrailingSlashStillCallsTheRootPath() {
            answerSearch(200, Fixtures.error("Movie not found!"));
            OmdbMovieCatalog catalog = new OmdbMovieCatalog(OmdbSettings.of(KEY).withBaseUrl(URI.create(omdb.baseUrl())));

            catalog.search(query("batman"));

            assertThat(onlyRequest().getUrl()).startsWith("/?apikey=");
        }
    }

    @Nested
    class ValueFormats {
        @Test
        void movieMapsEveryFieldAndIgnoresUnknownKeys() {
            answerDetails("tt0090190", 200, """
                    {"Title":"The Toxic Avenger","Year":"1984","Rated":"R","Released":"11 Apr 1986",\
                    "Runtime":"82 min","Genre":"Action, Comedy, Horror","Director":"Michael Herz, Lloyd Kaufman",\
                    "Writer":"Lloyd Kaufman, Joe Ritter","Actors":"Andree Maranda, Mitch Cohen","Plot":"Melvin.",\
                    "Language":"English","Country":"United States","Awards":"N/A","Poster":"https://example.test/p.jpg",\
                    "Ratings":[{"Source":"Internet Movie Database","Value":"6.2/10"},\
                    {"Source":"Rotten Tomatoes","Value":"70%"},{"Source":"Metacritic","Value":"42/100"}],\
                    "Metascore":"42","imdbRating":"6.2","imdbVotes":"24,519","imdbID":"tt0090190","Type":"movie",\
                    "DVD":"23 Jul 2002","BoxOffice":"$135,620","Production":"Troma","Website":"N/A",\
                    "tomatoMeter":"70","Response":"True"}""");

            MovieDetails movie = catalog().findById(ImdbId.of("tt0090190"), Plot.SHORT).orElseThrow();

            assertThat(movie).isEqualTo(new MovieDetails(ImdbId.of("tt0090190"), "The Toxic Avenger", "1984", "R",
                    "11 Apr 1986", "82 min", "Action, Comedy, Horror", "Michael Herz, Lloyd Kaufman",
                    "Lloyd Kaufman, Joe Ritter", "Andree Maranda, Mitch Cohen", "Melvin.", "English",
                    "United States", null, "https://example.test/p.jpg",
                    List.of(new Rating("Internet Movie Database", "6.2/10"), new Rating("Rotten Tomatoes", "70%"),
                            new Rating("Metacritic", "42/100")),
                    42, 6.2, 24_519L, "movie", "23 Jul 2002", "$135,620", "Troma", null, null, null, null, null));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {"1,632,190|1632190", "24,519|24519", "559|559", "14414|14414",
                "N/A|", "lots|"})
        void imdbVotesWithOrWithoutCommasBecomeANumber(String votes, Long expected) {
            answerDetails("tt0372784", 200, "{\"Title\":\"Batman Begins\",\"imdbVotes\":\"" + votes
                    + "\",\"imdbID\":\"tt0372784\",\"Response\":\"True\"}");

            assertThat(catalog().findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow().imdbVotes()).isEqualTo(expected);
        }

        @Test
        void notAvailableValuesAreAbsentAndMissingOptionalFieldsToo() {
            answerDetails("tt0372784", 200, """
                    {"Title":"Batman Begins","Year":"2005","Rated":"N/A","Director":"N/A","Poster":"N/A",\
                    "Metascore":"N/A","imdbRating":"N/A","imdbVotes":"N/A","imdbID":"tt0372784","Type":"movie",\
                    "DVD":"N/A","BoxOffice":"N/A","Response":"True"}""");

            MovieDetails movie = catalog().findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow();

            assertThat(movie.rated()).isNull();
            assertThat(movie.director()).isNull();
            assertThat(movie.poster()).isNull();
            assertThat(movie.metascore()).isNull();
            assertThat(movie.imdbRating()).isNull();
            assertThat(movie.imdbVotes()).isNull();
            assertThat(movie.dvd()).isNull();
            assertThat(movie.boxOffice()).isNull();
            assertThat(movie.website()).isNull();
            assertThat(movie.plot()).isNull();
            assertThat(movie.ratings()).isEmpty();
            assertThat(movie.year()).isEqualTo("2005");
        }

        @Test
        void emptyRatingsListIsEmpty() {
            answerDetails("tt0372784", 200,
                    "{\"Title\":\"Batman Begins\",\"Ratings\":[],\"imdbID\":\"tt0372784\",\"Response\":\"True\"}");

            assertThat(catalog().findById(BATMAN_BEGINS, Plot.SHORT).orElseThrow().ratings()).isEmpty();
        }

        @Test
        void seriesKeepsItsEnDashYearAndCountsSeasons() {
            answerDetails("tt0903747", 200, Fixtures.title("tt0903747"));

            MovieDetails series = catalog().findById(ImdbId.of("tt0903747"), Plot.SHORT).orElseThrow();

            assertThat(series.year()).isEqualTo("2008\u20132013");
            assertThat(series.type()).isEqualTo("series");
            assertThat(series.totalSeasons()).isEqualTo(5);
            assertThat(series.dvd()).isNull();
        }

        @Test
        void episodeCarriesSeasonEpisodeAndSeriesId() {
            answerDetails("tt0959621", 200, Fixtures.title("tt0959621"));

            MovieDetails episode = catalog().findById(ImdbId.of("tt0959621"), Plot.SHORT).orElseThrow();

            assertThat(episode.type()).isEqualTo("episode");
            assertThat(episode.season()).isEqualTo(1);
            assertThat(episode.episode()).isEqualTo(1);
            assertThat(episode.seriesId()).isEqualTo(ImdbId.of("tt0903747"));
            assertThat(episode.totalSeasons()).isNull();
        }

        @Test
        void nonAsciiTextIsDecodedAsUtf8() {
            answerDetails("tt0211915", 200, Fixtures.title("tt0211915"));

            assertThat(catalog().findById(ImdbId.of("tt0211915"), Plot.SHORT).orElseThrow().title())
                    .isEqualTo("Am\u00e9lie");
        }

        @Test
        void eightDigitIdIsLookedUp() {
            answerDetails("tt15398776", 200, Fixtures.title("tt15398776"));

            assertThat(catalog().findById(ImdbId.of("tt15398776"), Plot.SHORT).orElseThrow().title())
                    .isEqualTo("Oppenheimer");
        }

        @Test
        void searchMapsTotalKeepsDuplicatesOpenTypesAndMissingPosters() {
            answerSearch(200, """
                    {"Search":[\
                    {"Title":"Batman Begins","Year":"2005","imdbID":"tt0372784","Type":"movie","Poster":"https://example.test/bb.jpg"},\
                    {"Title":"Batman Begins","Year":"2005","imdbID":"tt0372784","Type":"movie","Poster":"https://example.test/bb.jpg"},\
                    {"Title":"Batman: Arkham Asylum","Year":"2009","imdbID":"tt1282016","Type":"game","Poster":"N/A"},\
                    {"Title":"Batman: The Animated Series","Year":"1992\u20131995","imdbID":"tt0103359","Type":"series","Poster":"N/A"}],\
                    "totalResults":"598","Response":"True"}""");

            SearchPage page = catalog().search(query("batman").withPage(3));

            assertThat(page.totalResults()).isEqualTo(598);
            assertThat(page.page()).isEqualTo(3);
            assertThat(page.results()).containsExactly(
                    new MovieSummary(BATMAN_BEGINS, "Batman Begins", "2005", "movie",
                            Optional.of("https://example.test/bb.jpg")),
                    new MovieSummary(BATMAN_BEGINS, "Batman Begins", "2005", "movie",
                            Optional.of("https://example.test/bb.jpg")),
                    new MovieSummary(ImdbId.of("tt1282016"), "Batman: Arkham Asylum", "2009", "game",
                            Optional.empty()),
                    new MovieSummary(ImdbId.of("tt0103359"), "Batman: The Animated Series", "1992\u20131995",
                            "series", Optional.empty()));
        }

        @Test
        void searchItemsWithoutAUsableIdAreSkipped() {
            answerSearch(200, """
                    {"Search":[{"Title":"Broken","Year":"2005","imdbID":"N/A","Type":"movie","Poster":"N/A"},\
                    {"Title":"Batman Begins","Year":"2005","imdbID":"tt0372784","Type":"movie","Poster":"N/A"}],\
                    "totalResults":"2","Response":"True"}""");

            assertThat(catalog().search(query("batman")).results()).extracting(MovieSummary::imdbId)
                    .containsExactly(BATMAN_BEGINS);
        }
    }

    @Nested
    class BundledFixturesThroughTheStub {
        static Stream<String> ids() {
            return Fixtures.ids().stream();
        }

        @ParameterizedTest
        @MethodSource("ids")
        void everyBundledTitleMapsAsTheOfflineCatalogServesIt(String id) {
            answerDetails(id, 200, Fixtures.title(id));

            Optional<MovieDetails> viaOmdb = catalog().findById(ImdbId.of(id), Plot.FULL);

            assertThat(viaOmdb).isPresent().isEqualTo(offline.findById(ImdbId.of(id), Plot.FULL));
        }

        @ParameterizedTest
        @CsvSource({"batman,1", "batman,2", "batman,3", "dark knight,1", "breaking bad,1"})
        void searchPagesMapAsTheOfflineCatalogServesThem(String text, int page) {
            SearchPage expected = offline.search(query(text).withPage(page));
            answerSearch(200, Fixtures.search(expected));

            assertThat(catalog().search(query(text).withPage(page))).isEqualTo(expected);
        }
    }

    @Nested
    class ConcurrentCalls {
        @Test
        void callerWithoutAFreeSlotFailsFastAsUnavailableWithoutCallingUpstream() {
            answerSearch(200, Fixtures.error("Movie not found!"));
            OmdbMovieCatalog catalog = catalog(Duration.ofMillis(200), 2, 262_144);
            catalog.callPermits.drainPermits();

            assertThatThrownBy(() -> catalog.search(query("batman")))
                    .isInstanceOf(UpstreamUnavailableException.class)
                    .hasMessageContaining("busy");
            assertThat(omdb.getAllServeEvents()).isEmpty();
        }

        @Test
        void neverMoreCallsInFlightThanAllowed() throws Exception {
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", Fixtures.CONTENT_TYPE)
                    .withBody(Fixtures.error("Movie not found!")).withFixedDelay(300)));
            OmdbMovieCatalog catalog = catalog(Duration.ofSeconds(10), 2, 262_144);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<SearchPage>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(pool.submit(() -> catalog.search(query("batman"))));
                }
                for (Future<SearchPage> call : calls) {
                    assertThat(call.get().results()).isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }

            // With two slots, the third request can only arrive once one of the first two has been answered.
            List<Long> arrivals = omdb.getAllServeEvents().stream()
                    .map(e -> e.getRequest().getLoggedDate().getTime()).sorted().toList();
            assertThat(arrivals).hasSize(6);
            for (int i = 0; i + 2 < arrivals.size(); i++) {
                assertThat(arrivals.get(i + 2) - arrivals.get(i)).isGreaterThanOrEqualTo(250);
            }
            assertThat(catalog.callPermits.availablePermits()).isEqualTo(2);
        }

        @Test
        void failedCallsGiveTheirSlotBack() {
            omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            OmdbMovieCatalog catalog = catalog(Duration.ofSeconds(2), 1, 262_144);

            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> catalog.search(query("batman")))
                        .isInstanceOf(UpstreamUnavailableException.class);
            }
            assertThat(catalog.callPermits.availablePermits()).isEqualTo(1);
        }
    }
}
