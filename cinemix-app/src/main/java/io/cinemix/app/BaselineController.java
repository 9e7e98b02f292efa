package io.cinemix.app;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;

/**
 * The load benchmark's yardstick (benchmarks/load/run.sh): a constant JSON body of the requested size, from the same
 * server, with no cache and no upstream behind it. Present only when {@code BENCHMARK_BASELINE=true}.
 */
@Controller("/bench")
@Requires(property = "benchmark.baseline", value = "true")
final class BaselineController {
    private volatile String body = "{}";

    @Get(uri = "/baseline", produces = MediaType.APPLICATION_JSON)
    String baseline(@QueryValue(defaultValue = "1024") int bytes) {
        String current = body;
        if (current.length() != bytes) {
            int padding = Math.max(0, Math.min(bytes, 1 << 20) - "{\"pad\":\"\"}".length());
            current = "{\"pad\":\"" + "x".repeat(padding) + "\"}";
            body = current;
        }
        return current;
    }
}
