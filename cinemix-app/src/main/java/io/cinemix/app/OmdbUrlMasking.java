package io.cinemix.app;

import io.cinemix.domain.ApiKeyMask;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.opentelemetry.semconv.UrlAttributes;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Writes the OMDb client span's {@code url.full} with {@code apikey=***}: the JDK HTTP client instrumentation copies
 * the request URL, query included, and redacts only a few cloud signature parameters. Runs after its extractor, so
 * that this value replaces the one with the key; {@link KeyMaskingSpanExporter} masks again before anything is sent.
 */
final class OmdbUrlMasking implements AttributesExtractor<HttpRequest, HttpResponse<?>> {

    @Override
    public void onStart(AttributesBuilder attributes, Context parentContext, HttpRequest request) {
        attributes.put(UrlAttributes.URL_FULL, ApiKeyMask.mask(request.uri().toString()));
    }

    @Override
    public void onEnd(AttributesBuilder attributes, Context context, HttpRequest request, HttpResponse<?> response,
                      Throwable error) {
    }
}
