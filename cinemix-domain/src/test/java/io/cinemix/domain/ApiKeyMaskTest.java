package io.cinemix.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyMaskTest {

    @Test
    void masksEveryApiKeyWhateverItsCase() {
        assertThat(ApiKeyMask.mask("GET https://omdb/?apikey=S3CRET&i=tt0372784 then ApiKey=other \"APIKEY=x\""))
                .isEqualTo("GET https://omdb/?apikey=***&i=tt0372784 then apikey=*** \"apikey=***\"");
    }

    @Test
    void endsAKeyAtTheNextParameterWhiteSpaceOrQuote() {
        assertThat(ApiKeyMask.mask("?apikey=a%2Bb&s=x\napikey=c\td \"apikey=e\" apikey="))
                .isEqualTo("?apikey=***&s=x\napikey=***\td \"apikey=***\" apikey=");
    }

    @Test
    void returnsTextWithoutAKeyAsItIs() {
        String line = "GET /api/v1/search/id/ 200 1 ms client=127.0.0.1 (an api key is never here)";

        assertThat(ApiKeyMask.mask(line)).isSameAs(line);
    }
}
