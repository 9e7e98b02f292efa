/**
 * The OMDb adapter: {@link io.cinemix.adapter.omdb.OmdbMovieCatalog} implements the
 * {@link io.cinemix.core.port.MovieCatalog} port over OMDb's HTTP API (JDK {@code HttpClient} and Jackson, no framework),
 * configured by {@link io.cinemix.adapter.omdb.OmdbSettings}; {@link io.cinemix.adapter.omdb.OfflineMovieCatalog}
 * serves the titles bundled in {@code offline-titles.json} (OMDb's own format) when there is no OMDb key. Everything
 * else here (wire records, body cap) is package-private.
 *
 * <p>Logging goes through {@link java.lang.System.Logger} under the name of {@code OmdbMovieCatalog}: one INFO line
 * per upstream call, a WARNING when no call slot is free. An application using SLF4J/Logback routes it with a
 * {@code System.LoggerFinder} bridge (e.g. {@code org.slf4j:slf4j-jdk-platform-logging}).
 */
package io.cinemix.adapter.omdb;
