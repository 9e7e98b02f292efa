package io.cinemix.domain;

/** The upstream refuses the search because it matches too many titles. */
public final class QueryTooBroadException extends CinemixException {
    public QueryTooBroadException() {
        super("The query matches too many titles; please make it more specific.");
    }
}
