package io.cinemix.adapter.http;

import io.cinemix.domain.InvalidInputException;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;

import java.util.List;
import java.util.Optional;

/**
 * The query string as the contract reads it: a parameter given twice is an error (Micronaut would join the values),
 * an empty value counts as absent, undecodable percent-encoding is an error.
 */
final class QueryParameters {
    private final HttpParameters parameters;

    private QueryParameters(HttpParameters parameters) {
        this.parameters = parameters;
    }

    static QueryParameters of(HttpRequest<?> request) {
        try {
            HttpParameters parameters = request.getParameters();
            parameters.names(); // forces decoding
            return new QueryParameters(parameters);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("The query string is not valid percent-encoded text.");
        }
    }

    /** The single non-empty value of {@code name}, if given. */
    Optional<String> single(String name) {
        List<String> values = parameters.getAll(name);
        if (values.size() > 1) {
            throw new InvalidInputException("The parameter '" + name + "' must be given at most once.");
        }
        return values.stream().filter(value -> !value.isEmpty()).findFirst();
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
