package io.cinemix.app;

import com.sun.net.httpserver.HttpServer;
import io.cinemix.testsupport.OmdbStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser as the frontend: Debian's headless chromium (through its chromedriver) loads a page served from
 * {@code http://localhost:3000}, the default allowed origin, that calls the API with fetch; the same page from
 * {@code http://127.0.0.1:3000}, an origin not allowed, is blocked by the browser. It also renders {@code /docs}.
 * Screenshots: target/browser-frontend.png and target/browser-docs.png. Skipped, saying so, where chromium or its
 * driver is not installed ({@code apt-get install -y chromium chromium-driver}; .ci/run installs them).
 */
class BrowserFrontendTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String KEY = "browser-test-key";
    private static final int FRONTEND_PORT = 3000;
    /** At most 3 API requests a window: the page's fourth call gets the 429. */
    private static final String PAGE = """
            <!DOCTYPE html><html><head><title>cinemix frontend</title></head><body>
            <h1>Cinemix frontend</h1><pre id="out">running</pre>
            <script>
            const api = new URLSearchParams(location.search).get('api');
            window.result = (async () => {
              const seen = {};
              try {
                const hit = await fetch(api + '/api/v1/search/id/tt0372784');
                const movie = await hit.json();
                seen.detailsStatus = hit.status;
                seen.title = movie.title;
                seen.cacheStatus = hit.headers.get('Cache-Status');
                seen.rateLimit = hit.headers.get('RateLimit');
                const bad = await fetch(api + '/api/v1/search/?query=batman&page=101');
                seen.errorStatus = bad.status;
                seen.errorBody = await bad.json();
                let last;
                for (let i = 0; i < 5; i++) {
                  last = await fetch(api + '/api/v1/search/?query=batman');
                  if (last.status === 429) break;
                }
                seen.limitedStatus = last.status;
                seen.retryAfter = last.headers.get('Retry-After');
                seen.limitedBody = await last.json();
              } catch (e) {
                seen.failure = String(e);
              }
              document.getElementById('out').textContent = JSON.stringify(seen, null, 2);
              return seen;
            })();
            </script></body></html>
            """;

    private static OmdbStub omdb;
    private static HttpServer frontend;
    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install -y chromium chromium-driver)");
        omdb = new OmdbStub(KEY);
        frontend = HttpServer.create(new InetSocketAddress("0.0.0.0", FRONTEND_PORT), 0);
        frontend.createContext("/", exchange -> {
            byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        frontend.start();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,1600");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20)).implicitlyWait(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (frontend != null) {
            frontend.stop(0);
        }
        if (omdb != null) {
            omdb.close();
        }
    }

    private static RunningApp app() {
        return RunningApp.start("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(), "max-threshold", "3");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> runPage(String origin, RunningApp app) {
        browser.get(origin + "/?api=http://localhost:" + app.context().getBean(
                io.micronaut.runtime.server.EmbeddedServer.class).getPort());
        return (Map<String, Object>) browser.executeAsyncScript(
                "window.result.then(arguments[arguments.length - 1]);");
    }

    @Test
    void aPageOnTheAllowedOriginReadsBodiesErrorsAndTheRateLimitHeaders() {
        try (RunningApp app = app()) {
            Map<String, Object> seen = runPage("http://localhost:" + FRONTEND_PORT, app);
            screenshot("browser-frontend.png");

            assertThat(seen).doesNotContainKey("failure");
            assertThat(seen).containsEntry("detailsStatus", 200L).containsEntry("title", "Batman Begins")
                    .containsEntry("cacheStatus", "cinemix; fwd=miss; stored");
            assertThat((String) seen.get("rateLimit")).startsWith("\"default\";r=2;t=");
            assertThat(seen).containsEntry("errorStatus", 400L)
                    .containsEntry("errorBody", Map.of("error_code", "400",
                            "message", "The page must be a whole number from 1 to 100."));
            assertThat(seen).containsEntry("limitedStatus", 429L);
            assertThat(Long.parseLong((String) seen.get("retryAfter"))).isBetween(1L, 60L);
            assertThat((Map<String, Object>) seen.get("limitedBody")).containsEntry("error_code", "429");
        }
    }

    @Test
    void theSamePageOnAnotherOriginIsBlockedByTheBrowser() {
        try (RunningApp app = app()) {
            Map<String, Object> seen = runPage("http://127.0.0.1:" + FRONTEND_PORT, app);

            assertThat((String) seen.get("failure")).contains("Failed to fetch");
            assertThat(seen).doesNotContainKey("title");
        }
    }

    @Test
    void theDocsRenderBothRoutes() {
        try (RunningApp app = app()) {
            int port = app.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
            browser.get("http://localhost:" + port + "/docs/");
            List<WebElement> paths = browser.findElements(By.cssSelector(".opblock-summary-path"));
            screenshot("browser-docs.png");

            assertThat(paths).extracting(e -> e.getAttribute("data-path"))
                    .contains("/api/v1/search/", "/api/v1/search/id/", "/api/v1/search/id/{id}");
        }
    }

    private static void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
