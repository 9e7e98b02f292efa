package io.cinemix.adapter.http;

import io.cinemix.domain.ApiKeyMask;
import io.cinemix.domain.CinemixException;
import io.cinemix.domain.ClientShareExhaustedException;
import io.cinemix.domain.InvalidInputException;
import io.cinemix.domain.MovieNotFoundException;
import io.cinemix.domain.QueryTooBroadException;
import io.cinemix.domain.UpstreamCircuitOpenException;
import io.cinemix.domain.UpstreamMisconfiguredException;
import io.cinemix.domain.UpstreamQuotaExhaustedException;
import io.cinemix.domain.UpstreamTimeoutException;
import io.cinemix.domain.UpstreamUnavailableException;
import io.cinemix.domain.UtcMidnight;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one place where failures become HTTP responses. Replaces Micronaut's package-private
 * {@code DefaultErrorResponseProcessor} (the default implementation of {@link ErrorResponseProcessor}).
 *
 * <ul>
 *   <li>As the {@link ErrorResponseProcessor} (replacing Micronaut's), it writes every error Micronaut produces itself
 *       (unknown route, wrong method, unparsable input, request too large, not acceptable...) as the contract's body,
 *       always JSON whatever the {@code Accept}, with a fixed sentence a status: nothing from the request or a cause
 *       is echoed.</li>
 *   <li>As the catch-all {@link ExceptionHandler}, it maps the core's failures to their status (4xx with the core's
 *       message, written for users; 5xx with a fixed sentence, never upstream text), a pool refusing work (the
 *       service shutting down) to 503 with {@code Retry-After: 1}, and anything else to a generic 500, logged at
 *       ERROR.</li>
 *   <li>No error answer is to be stored by any cache: each carries {@code Cache-Control: no-store}, except the 404 of
 *       an id the service remembers as unknown: {@code public, max-age=<seconds it stays remembered>}.</li>
 *   <li>As a response filter outside every other filter, it gives the same body to an error response that a filter
 *       answered without one (Micronaut's CORS filter refusing an origin: 403).</li>
 * </ul>
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
@Produces(MediaType.APPLICATION_JSON)
@ServerFilter("/**")
final class ErrorMapping implements ErrorResponseProcessor<ErrorBody>, ExceptionHandler<Throwable, HttpResponse<?>>,
        Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private static final Map<Integer, String> MESSAGES = Map.ofEntries(
            Map.entry(400, "The request is malformed or has an invalid parameter."),
            Map.entry(401, "Authentication is required."),
            Map.entry(403, "Access is forbidden."),
            Map.entry(404, "There is nothing at this address."),
            Map.entry(405, "This method is not allowed here; use GET."),
            Map.entry(406, "Only application/json can be produced."),
            Map.entry(408, "The request took too long to arrive."),
            Map.entry(413, "The request is too large."),
            Map.entry(414, "The request address is too long."),
            Map.entry(415, "This media type is not supported."),
            Map.entry(429, "Too many requests; retry later."),
            Map.entry(431, "The request headers are too large."),
            Map.entry(500, "An unexpected error occurred."),
            Map.entry(502, "The movie catalog failed to answer properly; try again later."),
            Map.entry(503, "The service is temporarily unavailable; try again later."),
            Map.entry(504, "The movie catalog did not answer in time; try again later."));

    private final Clock clock;

    /** @param clock the wall clock, for the next UTC midnight when a quota's reset time is unknown */
    ErrorMapping(Clock clock) {
        this.clock = clock;
    }

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        return withBody(response, response.code(), messageFor(response.code()));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @ResponseFilter
    void bodyForBodilessErrors(MutableHttpResponse<?> response) {
        if (response.code() >= 400 && response.getBody().isEmpty()) {
            withBody(response, response.code(), messageFor(response.code()));
        }
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Throwable failure) {
        if (failure instanceof CinemixException cinemix) {
            return domainFailure(cinemix);
        }
        if (failure instanceof RejectedExecutionException) {
            // A pool that takes no more work: the service is shutting down. Another instance (or this one, restarted)
            // can answer, so this is the client's cue to retry, not a fault of ours.
            LOG.warn("No thread took {} {}: the service is shutting down; answering 503", request.getMethodName(),
                    request.getPath());
            return error(503, "The service is shutting down; please retry in a moment.").header("Retry-After", "1");
        }
        LOG.error("Unexpected failure on {} {}: {}", request.getMethodName(), request.getPath(), masked(failure));
        return error(HttpStatus.INTERNAL_SERVER_ERROR.getCode(), messageFor(500));
    }

    private MutableHttpResponse<ErrorBody> domainFailure(CinemixException failure) {
        if (failure instanceof InvalidInputException || failure instanceof QueryTooBroadException) {
            return error(400, failure.getMessage());
        }
        if (failure instanceof MovieNotFoundException notFound) {
            return notFound(notFound);
        }
        if (failure instanceof UpstreamQuotaExhaustedException quota) {
            // OMDb counts its quota per UTC day: without a reset time, retry after the next UTC midnight.
            Duration left = quota.retryAfter().orElseGet(() -> UtcMidnight.untilNext(clock.instant()));
            long seconds = retryAfterSeconds(left);
            LOG.warn("Upstream quota exhausted; answering 503 for {} s", seconds);
            return error(503, "The daily movie catalog quota is used up; try again later.")
                    .header("Retry-After", Long.toString(seconds));
        }
        if (failure instanceof ClientShareExhaustedException share) {
            return error(429, failure.getMessage())
                    .header("Retry-After", Long.toString(retryAfterSeconds(share.retryAfter())));
        }
        if (failure instanceof UpstreamCircuitOpenException open) {
            long seconds = retryAfterSeconds(open.retryAfter());
            return error(503, "The movie catalog is failing; please retry in a moment.")
                    .header("Retry-After", Long.toString(seconds));
        }
        if (failure instanceof UpstreamTimeoutException) {
            LOG.error("Upstream timeout: {}", masked(failure));
            return error(504, messageFor(504));
        }
        if (failure instanceof UpstreamUnavailableException || failure instanceof UpstreamMisconfiguredException) {
            LOG.error("Upstream failure: {}", masked(failure));
            return error(502, messageFor(502));
        }
        LOG.error("Unmapped failure: {}", failure.getClass().getSimpleName());
        return error(500, messageFor(500));
    }

    /** A contract error response; also used by the rate-limit filter and the connection guard. */
    static MutableHttpResponse<ErrorBody> error(int status, String message) {
        return withBody(HttpResponse.status(HttpStatus.valueOf(status)), status, message);
    }

    /**
     * The 404 of an id no title has; when it is remembered as unknown, the same 404 is what anyone asking gets for that
     * long, so it may be cached that long. Also answered by the details route itself, with the lookup's cache status.
     */
    static MutableHttpResponse<ErrorBody> notFound(MovieNotFoundException notFound) {
        MutableHttpResponse<ErrorBody> response = error(404, notFound.getMessage());
        notFound.rememberedFor().ifPresent(left -> response.getHeaders()
                .set("Cache-Control", "public, max-age=" + HttpCaching.seconds(left)));
        return response;
    }

    static String messageFor(int status) {
        String message = MESSAGES.get(status);
        if (message != null) {
            return message;
        }
        return status >= 500 ? MESSAGES.get(500) : MESSAGES.get(400);
    }

    private static MutableHttpResponse<ErrorBody> withBody(MutableHttpResponse<?> response, int status, String message) {
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", HttpCaching.NO_STORE)
                .body(ErrorBody.of(status, message));
    }

    /** The failure's class and message, any {@code apikey=} value masked (messages may quote upstream URLs). */
    static String masked(Throwable failure) {
        return ApiKeyMask.mask(failure.toString());
    }

    /** Whole seconds to wait, rounded up and at least 1: for {@code Retry-After} and a limit's {@code t=}. */
    static long retryAfterSeconds(Duration duration) {
        return Math.max(1, ceilSeconds(duration));
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
}
