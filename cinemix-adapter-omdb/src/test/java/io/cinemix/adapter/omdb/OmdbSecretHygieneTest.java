package io.cinemix.adapter.omdb;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.Plot;
import io.cinemix.domain.SearchQuery;
import io.cinemix.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** The key never reaches a log line, an exception or a toString, whatever OMDb answers; each call logs one line. */
class OmdbSecretHygieneTest {
    private static final String SENTINEL = "K3Y-SENTINEL-123";
    private static final String LOGGER = OmdbMovieCatalog.class.getName();
    private static final ImdbId BATMAN_BEGINS = ImdbId.of("tt0372784");

    @RegisterExtension
    static WireMockExtension omdb = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    private static OmdbSettings settings(Duration requestTimeout, int maxBodyBytes) {
        return new OmdbSettings(URI.create(omdb.baseUrl() + "/"), SENTINEL, Duration.ofSeconds(1), requestTimeout, 4,
                maxBodyBytes);
    }

    private static OmdbMovieCatalog catalog() {
        return new OmdbMovieCatalog(settings(Duration.ofSeconds(3), 262_144));
    }

    private static MappingBuilder answer(int status, String body) {
        return get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", Fixtures.CONTENT_TYPE).withBody(body));
    }

    /** One upstream situation: how the stub answers, and the call made against it. */
    private record Scenario(String name, MappingBuilder stub, Consumer<OmdbMovieCatalog> call) {
    }

    private static Consumer<OmdbMovieCatalog> details() {
        return c -> c.findById(BATMAN_BEGINS, Plot.FULL);
    }

    private static Consumer<OmdbMovieCatalog> search() {
        return c -> c.search(new SearchQuery("batman", 2, java.util.Optional.empty(), java.util.OptionalInt.empty()));
    }

    @Test
    void sentinelKeyAppearsInNoLogLineExceptionOrToStringWhateverOmdbAnswers() throws IOException {
        String echoingHtml = "<html><body>Bad gateway for /?apikey=" + SENTINEL + "&i=tt0372784</body></html>";
        List<Scenario> scenarios = List.of(
                new Scenario("details found", answer(200, Fixtures.title("tt0372784")), details()),
                new Scenario("search found", answer(200, Fixtures.search(
                        OfflineMovieCatalog.bundled().search(SearchQuery.of("batman")))), search()),
                new Scenario("search not found", answer(200, Fixtures.error("Movie not found!")), search()),
                new Scenario("too many results", answer(200, Fixtures.error("Too many results.")), search()),
                new Scenario("details not found", answer(200, Fixtures.error("Error getting data.")), details()),
                new Scenario("quota", answer(401, Fixtures.error("Request limit reached!")), details()),
                new Scenario("invalid key echoed", answer(401, Fixtures.error("Invalid API key! " + SENTINEL)), search()),
                new Scenario("no key", answer(401, Fixtures.error("No API key provided.")), details()),
                new Scenario("something went wrong", answer(200, Fixtures.error("Something went wrong.")), search()),
                new Scenario("html echoing the URL", get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(502)
                        .withHeader("Content-Type", "text/html").withBody(echoingHtml)), details()),
                new Scenario("json echoing the key", answer(200, "{\"Response\":\"True\",\"Title\":\"" + SENTINEL
                        + "\",\"imdbID\":\"" + SENTINEL + "\"}"), details()),
                new Scenario("truncated", answer(200, Fixtures.title("tt0372784").substring(0, 100)), details()),
                new Scenario("reset", get(urlPathEqualTo("/")).willReturn(aResponse()
                        .withFault(Fault.CONNECTION_RESET_BY_PEER)), details()),
                new Scenario("garbage then close", get(urlPathEqualTo("/")).willReturn(aResponse()
                        .withFault(Fault.RANDOM_DATA_THEN_CLOSE)), search()),
                new Scenario("timeout", get(urlPathEqualTo("/")).willReturn(aResponse()
                        .withStatus(200).withBody(Fixtures.title("tt0372784")).withFixedDelay(5_000)),
                        c -> new OmdbMovieCatalog(settings(Duration.ofMillis(300), 262_144))
                                .findById(BATMAN_BEGINS, Plot.SHORT)),
                new Scenario("redirect echoing the key", get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(301)
                        .withHeader("Location", omdb.baseUrl() + "/moved?apikey=" + SENTINEL)), details()));

        List<String> thrown = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            omdb.resetAll();
            omdb.stubFor(scenario.stub());
            try {
                scenario.call().accept(catalog());
            } catch (RuntimeException e) {
                thrown.add(scenario.name() + ": " + LogCapture.describe(e));
            }
        }
        // No slot free, no call made.
        OmdbMovieCatalog busy = new OmdbMovieCatalog(settings(Duration.ofMillis(50), 262_144));
        busy.callPermits.drainPermits();
        try {
            busy.findById(BATMAN_BEGINS, Plot.SHORT);
        } catch (RuntimeException e) {
            thrown.add("busy: " + LogCapture.describe(e));
        }
        // Body over the cap.
        omdb.resetAll();
        omdb.stubFor(answer(200, Fixtures.title("tt0372784")));
        try {
            new OmdbMovieCatalog(settings(Duration.ofSeconds(2), 64)).findById(BATMAN_BEGINS, Plot.SHORT);
        } catch (RuntimeException e) {
            thrown.add("oversized: " + LogCapture.describe(e));
        }
        // Nobody listening.
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try {
            new OmdbMovieCatalog(OmdbSettings.of(SENTINEL).withBaseUrl(URI.create("http://127.0.0.1:" + closedPort)))
                    .search(SearchQuery.of("batman"));
        } catch (RuntimeException e) {
            thrown.add("refused: " + LogCapture.describe(e));
        }

        // The key was really in play: the stub received it.
        omdb.verify(getRequestedFor(urlPathEqualTo("/")).withQueryParam("apikey", equalTo(SENTINEL)));
        // Everything that can fail did, and every call was logged with the key masked.
        assertThat(thrown).hasSizeGreaterThanOrEqualTo(14);
        List<String> callLines = logs.messages(LOGGER, Level.INFO);
        assertThat(callLines).hasSizeGreaterThanOrEqualTo(scenarios.size() + 2)
                .allSatisfy(line -> assertThat(line).contains("apikey=***"));
        assertThat(logs.lines()).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain(SENTINEL));
        assertThat(thrown).allSatisfy(text -> assertThat(text).doesNotContain(SENTINEL));
        assertThat(settings(Duration.ofSeconds(1), 1).toString()).doesNotContain(SENTINEL);
        assertThat(catalog().toString()).doesNotContain(SENTINEL);
    }

    @Test
    void eachUpstreamCallLogsOneInfoLineWithKindSubjectStatusDurationAndMaskedUrl() {
        omdb.stubFor(answer(200, Fixtures.error("Movie not found!")));
        omdb.stubFor(get(urlPathEqualTo("/")).withQueryParam("i", equalTo("tt0372784")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", Fixtures.CONTENT_TYPE)
                .withBody(Fixtures.title("tt0372784"))));
        OmdbMovieCatalog catalog = catalog();

        catalog.findById(BATMAN_BEGINS, Plot.SHORT);
        catalog.search(SearchQuery.of("Batman & Robin"));

        List<String> lines = logs.messages(LOGGER, Level.INFO);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("details", "id=tt0372784", "status=200", "outcome=ok", "durationMs=",
                "url=" + omdb.baseUrl() + "/?apikey=***&i=tt0372784&plot=short");
        assertThat(lines.get(1)).contains("search", "query=\"Batman & Robin\"", "page=1", "status=200",
                "outcome=no-results", "durationMs=",
                "url=" + omdb.baseUrl() + "/?apikey=***&s=Batman%20%26%20Robin&page=1");
    }

    @Test
    void failedCallsAreLoggedTooWithoutAStatus() {
        omdb.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        try {
            catalog().findById(BATMAN_BEGINS, Plot.SHORT);
        } catch (RuntimeException expected) {
            // asserted through the log
        }

        assertThat(logs.messages(LOGGER, Level.INFO)).singleElement().satisfies(line -> assertThat(line)
                .contains("details", "id=tt0372784", "status=-", "outcome=unavailable", "apikey=***"));
    }

    @Test
    void aQueryCannotForgeLogLines() {
        omdb.stubFor(answer(200, Fixtures.error("Movie not found!")));

        catalog().search(SearchQuery.of("batman\nINFO: forged line\r\u2028x"));

        assertThat(logs.messages(LOGGER, Level.INFO)).singleElement().satisfies(line -> assertThat(line)
                .doesNotContain("\n", "\r", "\u2028").contains("batman?INFO: forged line??x"));
    }
}
