package io.cinemix.app;

import ch.qos.logback.classic.LoggerContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.cors.CorsOriginConfiguration;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.logging.LogLevel;
import io.micronaut.logging.LoggingSystem;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Micronaut's own settings taken from the one validated {@link CinemixSettings}, so that no variable is read twice:
 * the server port ({@code PORT}) and the operator endpoints' own ({@code MANAGEMENT_PORT}), the origins CORS allows ({@code CORS_ALLOWED_ORIGINS}, GET only, with the
 * rate-limit, Retry-After and Cache-Status headers readable by their pages), the root log level ({@code LOG_LEVEL})
 * and the console's format ({@code LOG_FORMAT}). application.yml only switches CORS on; logback.xml names no level
 * of its own.
 */
@Factory
final class FrameworkSettings {
    /** The response headers a page on an allowed origin may read from JavaScript (CORS hides all others). */
    static final List<String> EXPOSED_HEADERS = List.of("RateLimit", "RateLimit-Policy", "Retry-After",
            "Cache-Status");

    @Singleton
    BeanCreatedEventListener<HttpServerConfiguration> port(CinemixSettings settings) {
        return event -> {
            event.getBean().setPort(settings.port());
            return event.getBean();
        };
    }

    /**
     * With {@code MANAGEMENT_PORT} set, the server listens on two ports: {@code PORT} first (the one the embedded
     * server reports), then the management port; {@link OperatorPortFilter} decides what each answers.
     */
    @Singleton
    BeanCreatedEventListener<NettyHttpServerConfiguration> managementPort(CinemixSettings settings) {
        return event -> {
            settings.managementPort().ifPresent(management -> event.getBean().setListeners(List.of(
                    listener("api", settings.port()), listener("management", management))));
            return event.getBean();
        };
    }

    private static NettyHttpServerConfiguration.NettyListenerConfiguration listener(String name, int port) {
        NettyHttpServerConfiguration.NettyListenerConfiguration listener =
                new NettyHttpServerConfiguration.NettyListenerConfiguration(name);
        listener.setFamily(NettyHttpServerConfiguration.NettyListenerConfiguration.Family.TCP);
        listener.setPort(port);
        listener.setExposeDefaultRoutes(true);
        return listener;
    }

    @Singleton
    BeanCreatedEventListener<HttpServerConfiguration.CorsConfiguration> cors(CinemixSettings settings) {
        return event -> {
            CorsOriginConfiguration origins = new CorsOriginConfiguration();
            origins.setAllowedOrigins(settings.corsAllowedOrigins());
            origins.setAllowedMethods(List.of(HttpMethod.GET));
            origins.setExposedHeaders(EXPOSED_HEADERS);
            event.getBean().setConfigurations(Map.of("web", origins));
            return event.getBean();
        };
    }

    @Singleton
    BeanCreatedEventListener<CinemixSettings> logLevel(LoggingSystem logging) {
        return event -> {
            logging.setLogLevel(Logger.ROOT_LOGGER_NAME, LogLevel.valueOf(event.getBean().logLevel()));
            if (event.getBean().jsonLogs() && LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                JsonLogFormat.install(logback);
            }
            return event.getBean();
        };
    }
}
