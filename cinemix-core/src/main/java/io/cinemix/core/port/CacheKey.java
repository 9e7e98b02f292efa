package io.cinemix.core.port;

/**
 * What a cache keeps one answer under, as a value: the core passes these to its ports, and each cache adapter names
 * them in its own way (Redis: {@code movie_<imdb_id>}, {@code search_<hash>}). Nothing turns a name back into a key.
 */
public sealed interface CacheKey permits DetailsKey, SearchKey {
}
