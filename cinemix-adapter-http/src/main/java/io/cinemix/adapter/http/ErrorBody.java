package io.cinemix.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Every error's body: {@code {"error_code": "<http status>", "message": "<sentence>"}}. */
@Serdeable
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.FALSE,
        description = "Every error's body: error_code is the HTTP status, message a sentence.")
@JsonInclude(JsonInclude.Include.ALWAYS)
record ErrorBody(@JsonProperty("error_code") String errorCode, String message) {
    /** The body of an error answer with this HTTP status. */
    static ErrorBody of(int status, String message) {
        return new ErrorBody(Integer.toString(status), message);
    }
}
