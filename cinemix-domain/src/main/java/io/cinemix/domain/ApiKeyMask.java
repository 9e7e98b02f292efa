package io.cinemix.domain;

import java.util.regex.Pattern;

/**
 * How the OMDb API key stays out of logs: every {@code apikey=} parameter, in any case, reads {@code apikey=***}, its
 * value ending at the next {@code &}, white space or double quote. The one mask the OMDb adapter's call log, the error
 * mapping's failure log and the app's log format all use.
 */
public final class ApiKeyMask {
    /** An {@code apikey=} parameter and its value, in any case. */
    public static final Pattern PARAMETER = Pattern.compile("(?i)apikey=[^&\\s\"]+");
    /** A masked parameter. */
    public static final String MASKED = "apikey=***";

    private ApiKeyMask() {
    }

    /**
     * {@code text} with every key masked; {@code text} itself when it holds none, found in one scan without a regex
     * (this runs for every log line).
     */
    public static String mask(String text) {
        return holdsAParameter(text) ? PARAMETER.matcher(text).replaceAll(MASKED) : text;
    }

    private static boolean holdsAParameter(String text) {
        for (int i = 0; i + 7 <= text.length(); i++) {
            char c = text.charAt(i);
            if ((c == 'a' || c == 'A') && text.regionMatches(true, i, "apikey=", 0, 7)) {
                return true;
            }
        }
        return false;
    }
}
