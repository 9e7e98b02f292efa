package io.cinemix.domain;

/**
 * Every failure the Cinemix core reports. Messages are written for the API's users: they never carry an upstream
 * URL, body or key.
 */
public abstract sealed class CinemixException extends RuntimeException
        permits InvalidInputException, MovieNotFoundException, QueryTooBroadException, UpstreamUnavailableException,
        UpstreamTimeoutException, UpstreamQuotaExhaustedException, UpstreamMisconfiguredException,
        UpstreamCircuitOpenException, ClientShareExhaustedException {

    protected CinemixException(String message) {
        super(message);
    }

    protected CinemixException(String message, Throwable cause) {
        super(message, cause);
    }
}
