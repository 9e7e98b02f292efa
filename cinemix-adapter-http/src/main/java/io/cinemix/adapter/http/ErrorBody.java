package io.cinemix.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** Every error's body: {@code {"error_code": "<http status>", "message": "<sentence>"}}. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record ErrorBody(@JsonProperty("error_code") String errorCode, String message) {
}
