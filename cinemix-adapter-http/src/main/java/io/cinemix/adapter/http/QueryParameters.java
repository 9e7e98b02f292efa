package io.cinemix.adapter.http;

import io.cinemix.domain.InvalidInputException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query string as the contract reads it: a parameter given twice is an error (Micronaut would join the values),
 * an empty value counts as absent, undecodable percent-encoding is an error.
 *
 * <p>Decoded straight from the request line with Netty's decoder and Micronaut's default settings (UTF-8; {@code &}
 * and {@code ;} separate; {@code +} is a space; at most {@value #MAX_PARAMETERS} parameters, the rest ignored), as
 * Micronaut's own parameters are, but without building a {@link java.net.URI} and Micronaut's conversion maps first:
 * this runs on every request, on the event loop.
 */
final class QueryParameters {
    static final int MAX_PARAMETERS = 1024;

    private final Map<String, List<String>> parameters;

    private QueryParameters(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    static QueryParameters of(HttpRequest<?> request) {
        String target = request instanceof NettyHttpRequest<?> netty
                ? netty.getNativeRequest().uri() : request.getUri().toString();
        try {
            return new QueryParameters(new QueryStringDecoder(target, StandardCharsets.UTF_8, true, MAX_PARAMETERS,
                    false).parameters());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The query string is not valid percent-encoded text.");
        }
    }

    /** The single non-empty value of {@code name}, if given. */
    Optional<String> single(String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new InvalidInputException("The parameter '" + name + "' must be given at most once.");
        }
        return values.isEmpty() || values.get(0).isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The whole number in {@code name}, if given; {@code problem} is the message when it is not one. */
    Optional<Integer> integer(String name, String problem) {
        return single(name).map(text -> {
            if (!text.matches("[0-9]{1,9}")) {
                throw new InvalidInputException(problem);
            }
            return Integer.parseInt(text);
        });
    }
}
