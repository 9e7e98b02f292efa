package io.cinemix.adapter.http;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request: method, path (never the query string, which may hold anything), status, milliseconds,
 * the client address the rate limiter counts the request for ({@link ClientAddress}) and, for a details lookup or a
 * search, the cache's answer ({@link AnswerCacheStatus}: {@code cache=hit}, {@code stale}, {@code miss}, or
 * {@code bypass} for a search while searches are not cached). Control characters in the path are replaced.
 */
@ServerFilter("/**")
final class AccessLogFilter implements Ordered {
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
    private static final Logger LOG = LoggerFactory.getLogger("io.cinemix.access");
    private static final String STARTED = AccessLogFilter.class.getName() + ".started";

    @Override
    public int getOrder() {
        return ORDER;
    }

    @RequestFilter
    void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        // The untyped lookup: the typed one runs the conversion service on every request.
        long millis = request.getAttribute(STARTED).orElse(null) instanceof Long started
                ? (System.nanoTime() - started) / 1_000_000 : -1L;
        String cache = AnswerCacheStatus.of(response).map(AnswerCacheStatus::word).orElse(null);
        String method = request.getMethodName();
        String path = clean(request.getPath());
        String client = ClientAddress.of(request).text();
        // The same facts twice: in the message for the plain console, as key-value pairs for LOG_FORMAT=json.
        LOG.atInfo().addKeyValue("method", method).addKeyValue("path", path).addKeyValue("status", response.code())
                .addKeyValue("duration_ms", millis).addKeyValue("client", client).addKeyValue("cache", cache)
                .log("{} {} {} {} ms client={}{}", method, path, response.code(), millis, client,
                        cache == null ? "" : " cache=" + cache);
    }

    private static String clean(String path) {
        StringBuilder out = new StringBuilder(Math.min(path.length(), 200));
        for (int i = 0; i < path.length() && i < 200; i++) {
            char c = path.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return path.length() > 200 ? out.append("...").toString() : out.toString();
    }
}
