package io.cinemix.app;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.OptionalInt;

/**
 * With {@code MANAGEMENT_PORT} set, the operator endpoints ({@code /health}, {@code /health/*}, {@code /metrics})
 * answer on that port only and nothing else does: each port answers 404 (the JSON error body, added by the error
 * mapping) for what belongs to the other. Unset, every request passes untouched. Outside the rate limiter and CORS,
 * so that a request refused here costs no token; inside the access log and the request metrics, which count it.
 */
@ServerFilter("/**")
final class OperatorPortFilter implements Ordered {
    private final int managementPort;

    OperatorPortFilter(CinemixSettings settings) {
        OptionalInt port = settings.managementPort();
        this.managementPort = port.isPresent() ? port.getAsInt() : 0;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 150;
    }

    /** Nothing (go on), or the 404 of a request that came to the wrong port. */
    @RequestFilter
    @Nullable
    HttpResponse<?> onItsPortOnly(HttpRequest<?> request) {
        if (managementPort == 0) {
            return null;
        }
        boolean onManagementPort = request.getServerAddress().getPort() == managementPort;
        return isOperatorPath(request.getPath()) == onManagementPort ? null : HttpResponse.status(HttpStatus.NOT_FOUND);
    }

    static boolean isOperatorPath(String path) {
        return path.equals("/metrics") || path.equals("/health") || path.startsWith("/health/")
                || path.equals("/metrics/");
    }
}
