package io.cinemix.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import io.cinemix.domain.ApiKeyMask;

import java.util.regex.Pattern;

/**
 * {@code %mask(...){flat}} in logback.xml masks every {@code apikey=} value ({@link ApiKeyMask}: {@code apikey=***})
 * and flattens line breaks, so that no message can forge a log line; {@code %mask(...){lines}} (for exceptions) only
 * masks. Write the option: logback misreads a conversion that follows a composite's closing parenthesis without one.
 * A line with neither (nearly all of them) is returned as it is, without running a regex: this runs for every log
 * line, one per request at INFO.
 */
public final class MaskingConverter extends CompositeConverter<ILoggingEvent> {
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]+");

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
        String out = ApiKeyMask.mask(in);
        return keepLines || !hasLineBreak(out) ? out : LINE_BREAKS.matcher(out).replaceAll(" ");
    }

    private static boolean hasLineBreak(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
