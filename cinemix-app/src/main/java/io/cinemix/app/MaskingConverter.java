package io.cinemix.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

import java.util.regex.Pattern;

/**
 * {@code %mask(...){flat}} in logback.xml masks every {@code apikey=} value ({@code apikey=***}) and flattens line
 * breaks, so that no message can forge a log line; {@code %mask(...){lines}} (for exceptions) only masks. Write the
 * option: logback misreads a conversion that follows a composite's closing parenthesis without one.
 * A line with neither (nearly all of them) is returned as it is after one scan, without running a regex: this runs
 * for every log line, one per request at INFO.
 */
public final class MaskingConverter extends CompositeConverter<ILoggingEvent> {
    static final Pattern KEY = Pattern.compile("(?i)apikey=[^&\\s\"]+");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]+");
    static final String MASKED = "apikey=***";

    private boolean keepLines;

    @Override
    public void start() {
        keepLines = "lines".equals(getFirstOption());
        super.start();
    }

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return mask(in, keepLines);
    }

    /** {@code in} with every API key masked and, unless {@code keepLines}, its line breaks replaced by a space. */
    static String mask(String in, boolean keepLines) {
        boolean key = false;
        boolean breaks = false;
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if ((c == 'a' || c == 'A') && in.regionMatches(true, i, "apikey=", 0, 7)) {
                key = true;
            } else if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                breaks = true;
            }
        }
        String out = key ? KEY.matcher(in).replaceAll(MASKED) : in;
        return breaks && !keepLines ? LINE_BREAKS.matcher(out).replaceAll(" ") : out;
    }
}
