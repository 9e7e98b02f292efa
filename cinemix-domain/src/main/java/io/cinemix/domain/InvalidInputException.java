package io.cinemix.domain;

/** A value the caller gave is not acceptable; the message says which and why. */
public final class InvalidInputException extends CinemixException {
    public InvalidInputException(String message) {
        super(message);
    }
}
