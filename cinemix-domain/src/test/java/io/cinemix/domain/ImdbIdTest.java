package io.cinemix.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImdbIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"tt0372784", "tt12345678", "tt123456789", "tt1234567890"})
    void acceptsTtFollowedBySevenToTenDigits(String raw) {
        assertThat(ImdbId.of(raw).value()).isEqualTo(raw);
    }

    @Test
    void lowerCasesTheId() {
        assertThat(ImdbId.of("TT0372784")).isEqualTo(ImdbId.of("tt0372784"));
        assertThat(ImdbId.of("Tt0372784").value()).isEqualTo("tt0372784");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tt123456", "tt12345678901", "0372784", "nm0372784", " tt0372784", "tt0372784 ",
            "tt03727a4", "tt0372784\n", "tt٠٣٧٢٧٨٤٥"})
    void rejectsAnythingElseWithoutTrimming(String raw) {
        assertThatThrownBy(() -> ImdbId.of(raw))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'tt' followed by 7 to 10 digits");
    }

    @Test
    void rejectsMissingIdWithAClearMessage() {
        assertThatThrownBy(() -> ImdbId.of(null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("required");
        assertThatThrownBy(() -> ImdbId.of("")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("required");
    }
}
