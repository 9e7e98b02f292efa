package io.cinemix.adapter.omdb;

import io.cinemix.core.port.MovieCatalog;

import io.cinemix.domain.ApiKeyMask;
import io.cinemix.domain.CinemixException;
import io.cinemix.domain.ImdbId;
import io.cinemix.domain.MovieDetails;
import io.cinemix.domain.MovieSummary;
import io.cinemix.domain.Plot;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.SearchPage;
import io.cinemix.domain.SearchQuery;
import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * {@link MovieCatalog} over the OMDb HTTP API, with the JDK's {@link HttpClient} and Jackson.
 *
 * <p>Each call sends a minimal parameter set in a fixed order ({@code apikey, s, type, y, page} for a search,
 * {@code apikey, i, plot} for details), every value URL-encoded; never {@code page} with {@code i}, never
 * {@code callback} or {@code r}. Redirects are not followed, bodies are capped at {@link OmdbSettings#maxBodyBytes()},
 * each call has a total deadline of {@link OmdbSettings#requestTimeout()} (body included), and at most
 * {@link OmdbSettings#maxConcurrentCalls()} calls are in flight: a caller that gets no slot within the request timeout
 * fails fast as unavailable.
 *
 * <p>Answers are classified by OMDb's {@code Response}/{@code Error} first, then by HTTP status. Every call logs one
 * INFO line (kind, id or query, status, outcome, duration, URL with {@code apikey=***}, {@link ApiKeyMask#MASKED}).
 * The key appears in no log line, exception message or {@code toString}; exceptions carry no cause, as causes can
 * quote URLs or bodies.
 */
public final class OmdbMovieCatalog implements MovieCatalog {
    /** Response headers larger than this (in all) are not an OMDb answer: 502. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final System.Logger LOG = System.getLogger(OmdbMovieCatalog.class.getName());

    private final OmdbSettings settings;
    private final HttpClient http;
    private final String base;
    /** Slots for upstream calls in flight; package-private so tests can occupy them. */
    final Semaphore callPermits;

    public OmdbMovieCatalog(OmdbSettings settings) {
        this(settings, UnaryOperator.identity());
    }

    /**
     * With the JDK client this adapter configures handed through {@code client} first, which may wrap it (the app
     * traces its calls this way); the wrapper must keep its behaviour.
     */
    public OmdbMovieCatalog(OmdbSettings settings, UnaryOperator<HttpClient> client) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(client.apply(HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build()), "client");
        String url = settings.baseUrl().toString();
        this.base = settings.baseUrl().getRawPath() == null || settings.baseUrl().getRawPath().isEmpty()
                ? url + "/" : url;
        this.callPermits = new Semaphore(settings.maxConcurrentCalls(), true);
    }

    @Override
    public SearchPage search(SearchQuery query) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(Map.entry("s", query.text()));
        query.type().ifPresent(t -> params.add(Map.entry("type", t.wireName())));
        query.year().ifPresent(y -> params.add(Map.entry("y", Integer.toString(y))));
        params.add(Map.entry("page", Integer.toString(query.page())));
        String subject = "query=\"" + loggable(query.text()) + "\" page=" + query.page();
        return call("search", subject, params, (status, body) -> searchPage(query, status, body));
    }

    @Override
    public Optional<MovieDetails> findById(ImdbId id, Plot plot) {
        List<Map.Entry<String, String>> params = List.of(Map.entry("i", id.value()), Map.entry("plot", plot.wireName()));
        return call("details", "id=" + id.value(), params, (status, body) -> details(id, status, body));
    }

    @Override
    public String toString() {
        return "OmdbMovieCatalog[" + settings + "]";
    }

    private SearchPage searchPage(SearchQuery query, int status, byte[] body) {
        OmdbWire.SearchResponse answer = parse(body, OmdbWire.SearchResponse.class, status);
        if ("True".equals(answer.response()) && isSuccess(status)) {
            List<MovieSummary> results = answer.search() == null ? List.of() : answer.search().stream()
                    .map(OmdbWire::toDomain)
                    .flatMap(Optional::stream)
                    .toList();
            Long total = OmdbWire.count(answer.totalResults());
            return new SearchPage(results, total == null ? results.size() : Math.max(total, results.size()),
                    query.page());
        }
        if ("False".equals(answer.response())) {
            UpstreamError error = classify(answer.error(), status);
            if (error == UpstreamError.NOT_FOUND) {
                return SearchPage.empty(query.page());
            }
            if (error == UpstreamError.TOO_BROAD) {
                throw new QueryTooBroadException();
            }
            throw failure(error, status);
        }
        throw unusable(status);
    }

    private Optional<MovieDetails> details(ImdbId id, int status, byte[] body) {
        OmdbWire.Title answer = parse(body, OmdbWire.Title.class, status);
        if ("True".equals(answer.response()) && isSuccess(status)) {
            MovieDetails movie = OmdbWire.toDomain(answer).orElseThrow(() -> unusable(status));
            if (!movie.imdbId().equals(id)) {
                throw unusable(status);
            }
            return Optional.of(movie);
        }
        if ("False".equals(answer.response())) {
            UpstreamError error = classify(answer.error(), status);
            if (error == UpstreamError.NOT_FOUND) {
                return Optional.empty();
            }
            throw failure(error, status);
        }
        throw unusable(status);
    }

    /** What an OMDb {@code Error} means, by its text first (texts vary, so loosely), then by HTTP status. */
    enum UpstreamError { NOT_FOUND, TOO_BROAD, QUOTA, MISCONFIGURED, UNAVAILABLE }

    static UpstreamError classify(String error, int status) {
        String text = error == null ? "" : error.strip().toLowerCase(Locale.ROOT);
        if (text.contains("limit")) {
            return UpstreamError.QUOTA;
        }
        if (text.contains("api key")) {
            return UpstreamError.MISCONFIGURED;
        }
        if (text.contains("too many results")) {
            return UpstreamError.TOO_BROAD;
        }
        if (text.endsWith("not found!") || text.equals("error getting data.") || text.equals("incorrect imdb id.")) {
            return UpstreamError.NOT_FOUND;
        }
        if (status == 401 || status == 403) {
            return UpstreamError.MISCONFIGURED;
        }
        return UpstreamError.UNAVAILABLE;
    }

    private static CinemixException failure(UpstreamError error, int status) {
        return switch (error) {
            case QUOTA -> new UpstreamQuotaExhaustedException(
                    "The movie catalog's daily quota is spent; please try again later.");
            case MISCONFIGURED -> new UpstreamMisconfiguredException(
                    "The movie catalog refused this service's credentials; an operator must check its configuration.");
            default -> unusable(status);
        };
    }

    private static UpstreamUnavailableException unusable(int status) {
        return new UpstreamUnavailableException("The movie catalog sent an unusable answer (HTTP " + status + ").");
    }

    private static <T> T parse(byte[] body, Class<T> type, int status) {
        try {
            T value = OmdbWire.MAPPER.readValue(body, type);
            if (value == null) {
                throw unusable(status);
            }
            return value;
        } catch (IOException e) {
            throw unusable(status);
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    @FunctionalInterface
    private interface Interpretation<T> {
        T apply(int status, byte[] body);
    }

    /** A transport-level failure: what to tell the caller, and what to log (never a message, which may hold a URL). */
    private static final class TransportFailure extends Exception {
        final boolean timeout;
        final String detail;

        TransportFailure(boolean timeout, String detail) {
            super(null, null, false, false);
            this.timeout = timeout;
            this.detail = detail;
        }
    }

    private <T> T call(String kind, String subject, List<Map.Entry<String, String>> params,
                       Interpretation<T> interpretation) {
        String loggedUrl = url(ApiKeyMask.MASKED, params);
        long start = System.nanoTime();
        boolean acquired;
        try {
            acquired = callPermits.tryAcquire(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamUnavailableException("The movie catalog call was interrupted.");
        }
        if (!acquired) {
            LOG.log(System.Logger.Level.WARNING, () -> "OMDb " + kind + " " + subject
                    + " not sent: all " + settings.maxConcurrentCalls() + " upstream call slots busy, waitedMs="
                    + millisSince(start) + " url=" + loggedUrl);
            throw new UpstreamUnavailableException("The movie catalog is busy; please try again shortly.");
        }
        long sent = System.nanoTime();
        String status = "-";
        String outcome = "error";
        try {
            HttpResponse<byte[]> response = send(params);
            status = Integer.toString(response.statusCode());
            T result = interpretation.apply(response.statusCode(), response.body());
            outcome = describe(result);
            return result;
        } catch (TransportFailure e) {
            outcome = (e.timeout ? "timeout" : "unavailable") + " (" + e.detail + ")";
            throw e.timeout
                    ? new UpstreamTimeoutException("The movie catalog did not answer in time.")
                    : new UpstreamUnavailableException("The movie catalog could not be reached.");
        } catch (CinemixException e) {
            outcome = e.getClass().getSimpleName();
            throw e;
        } finally {
            callPermits.release();
            String finalStatus = status;
            String finalOutcome = outcome;
            LOG.log(System.Logger.Level.INFO, () -> "OMDb " + kind + " " + subject + " status=" + finalStatus
                    + " outcome=" + finalOutcome + " durationMs=" + millisSince(sent) + " url=" + loggedUrl);
        }
    }

    private HttpResponse<byte[]> send(List<Map.Entry<String, String>> params) throws TransportFailure {
        URI uri;
        try {
            uri = URI.create(url("apikey=" + encode(settings.apiKey()), params));
        } catch (IllegalArgumentException e) {
            // Its message would quote the URL, key included.
            throw new TransportFailure(false, "invalid URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request, CappedBodySubscriber.handler(settings.maxBodyBytes()));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new TransportFailure(true, "deadline of " + settings.requestTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransportFailure(false, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new TransportFailure(cause instanceof HttpTimeoutException,
                    cause == null ? "unknown" : cause.getClass().getSimpleName());
        }
        if (headerBytes(response) > MAX_HEADER_BYTES) {
            // OMDb's headers are a few hundred bytes; far more is not OMDb (the JDK client reads any size).
            throw new TransportFailure(false, "response headers over " + MAX_HEADER_BYTES + " bytes");
        }
        return response;
    }

    private static long headerBytes(HttpResponse<?> response) {
        long bytes = 0;
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.length() + 4; // "name: value\r\n"
            }
        }
        return bytes;
    }

    private static String describe(Object result) {
        if (result instanceof Optional<?> optional && optional.isEmpty()) {
            return "not-found";
        }
        if (result instanceof SearchPage page) {
            return page.results().isEmpty() ? "no-results" : "ok results=" + page.results().size()
                    + " total=" + page.totalResults();
        }
        return "ok";
    }

    /**
     * The request URL: {@code apikey} (the parameter with the key, or {@link ApiKeyMask#MASKED} for the log) first,
     * then {@code params}, every value URL-encoded, spaces as {@code %20}.
     */
    private String url(String apikey, List<Map.Entry<String, String>> params) {
        StringBuilder url = new StringBuilder(base).append('?').append(apikey);
        for (Map.Entry<String, String> param : params) {
            url.append('&').append(param.getKey()).append('=').append(encode(param.getValue()));
        }
        return url.toString();
    }

    private static String encode(String value) {
        // URLEncoder writes form encoding: a literal '+' becomes %2B, so every '+' left is a space.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The text with control and line-separator characters replaced, so a query cannot forge log lines. */
    static String loggable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(
                Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == '"' ? '?' : c));
        return out.toString();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
