package io.cinemix.adapter.http;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * The OpenAPI document's title and the texts its annotations share. micronaut-openapi reads the annotations on the
 * controllers at compile time and writes {@code META-INF/swagger/openapi.yml} (and the Swagger UI at
 * {@code META-INF/swagger/views/swagger-ui}); nothing here runs.
 */
@OpenAPIDefinition(info = @Info(title = "Cinemix", version = "1",
        description = "Movie discovery: search OMDb by title, details by IMDb id. Every error is "
                + "{\"error_code\": \"404\", \"message\": \"No title with this id.\"}: the HTTP status and a"
                + " sentence. Other methods than GET and HEAD on the API paths are answered 405"
                + " (components.responses.MethodNotAllowed)."))
final class ApiDoc {
    static final String RATE_LIMIT = "IETF draft -10: \"default\";r=<remaining>;t=<seconds until the window moves>;"
            + " on an answer that spent the client's share of the movie catalog (an upstream call made for it, or the"
            + " share's 429) also \", \"omdb\";r=<calls left today>;t=<seconds to the next UTC midnight>\"";
    static final String RATE_LIMIT_POLICY = "IETF draft -10: \"default\";q=<requests>;w=<window seconds>; with the"
            + " client's share (see RateLimit) also \", \"omdb\";q=<calls a client may cause a day>;w=86400\"";
    static final String RETRY_AFTER = "Seconds to wait before retrying";
    static final String CACHE_STATUS = "RFC 9211: cinemix; hit | cinemix; fwd=miss; stored | cinemix; fwd=miss"
            + " | cinemix; hit; detail=stale (past CACHE_TTL: within CACHE_STALE_WHILE_REVALIDATE while it is refreshed"
            + " in the background, or within CACHE_GRACE because OMDb could not be used)";
    static final String ETAG = "Strong validator of the stored details body; send it back in If-None-Match";
    static final String CACHE_CONTROL = "public, max-age=<fresh seconds left>[, stale-while-revalidate=<seconds>]"
            + "[, stale-if-error=<grace seconds>]. With CACHE_STALE_WHILE_REVALIDATE set, stale-while-revalidate is the"
            + " whole window while fresh, its seconds left once stale (then max-age=0)";
    static final String CACHE_CONTROL_PATTERN = "^public, max-age=\\d+(, stale-while-revalidate=\\d+)?"
            + "(, stale-if-error=\\d+)?$";
    static final String AGE = "Seconds since the details were stored";
    static final String SEARCH_CACHE_STATUS = "RFC 9211: cinemix; fwd=bypass (SEARCH_CACHE_TTL 0: searches are not"
            + " cached) | cinemix; hit | cinemix; fwd=miss; stored | cinemix; fwd=miss";
    static final String SEARCH_ETAG = "With SEARCH_CACHE_TTL set: strong validator of the body; send it back in"
            + " If-None-Match";
    static final String SEARCH_CACHE_CONTROL = "no-store while searches are not cached; else public,"
            + " max-age=<fresh seconds left>";
    static final String SEARCH_AGE = "With SEARCH_CACHE_TTL set: seconds since the page was stored";
    static final String NOT_MODIFIED = "If-None-Match matched the current ETag: no body, no upstream call";
    static final String ID = "An IMDb id, matched after lower-casing";
    static final String IMDB_ID = "^[tT][tT]\\d{7,10}$";
    static final String BAD_REQUEST = "Bad or missing parameter, duplicated parameter, bad percent-encoding";
    static final String NOT_ACCEPTABLE = "The Accept header excludes JSON";
    static final String HEAD_TIMEOUT = "The request head did not arrive within the deadline (REQUEST_HEAD_TIMEOUT);"
            + " the connection is closed. Sent before routing: no RateLimit headers";
    static final String TOO_LARGE = "The request line is over 4096 bytes, the headers over 8 KiB or a body over"
            + " 16 KiB; the connection may be closed. Sent before routing: no RateLimit headers";
    static final String TOO_MANY = "Rate limit exceeded, or the client's share of the movie catalog is used up for today "
            + "(its cached titles are still served)";
    static final String BAD_GATEWAY = "Upstream failure or misconfiguration";
    static final String UNAVAILABLE = "Upstream quota exhausted, upstream circuit open, too many connections, or the "
            + "service is shutting down";
    static final String NOT_FOUND = "No title with this id";
    static final String NOT_FOUND_CACHE_CONTROL = "no-store; or, when the id is remembered as unknown (NEGATIVE_CACHE_TTL),"
            + " public, max-age=<seconds it stays remembered>";
    static final String NOT_FOUND_CACHE_STATUS = "RFC 9211: cinemix; hit (the id remembered as unknown, OMDb not"
            + " asked) | cinemix; fwd=miss; stored (OMDb said so; remembered) | cinemix; fwd=miss (not remembered)";
    static final String TIMEOUT = "Upstream timeout";
    static final String UNEXPECTED = "Anything unexpected (generic message)";

    private ApiDoc() {
    }
}
