package io.cinemix.app;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.yml}: the OpenAPI document generated at compile time from cinemix-adapter-http's controllers
 * (META-INF/swagger/openapi.yml in the jar). Not rate-limited, like {@code /health}.
 */
@Controller("/openapi.yml")
@ExecuteOn(TaskExecutors.BLOCKING)
final class OpenApiController {
    static final String RESOURCE = "META-INF/swagger/openapi.yml";

    @Get(produces = "application/yaml")
    HttpResponse<byte[]> spec() {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The build did not generate " + RESOURCE);
            }
            return HttpResponse.ok(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
