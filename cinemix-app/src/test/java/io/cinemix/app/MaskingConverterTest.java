package io.cinemix.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class MaskingConverterTest {

    @Test
    void masksEveryApiKeyWhateverItsCase() {
        assertThat(MaskingConverter.mask("GET https://omdb/?apikey=S3CRET&i=tt0372784 then ApiKey=other \"APIKEY=x\"",
                false)).isEqualTo("GET https://omdb/?apikey=***&i=tt0372784 then apikey=*** \"apikey=***\"");
    }

    @Test
    void flattensLineBreaksSoThatAMessageCannotForgeALogLine() {
        assertThat(MaskingConverter.mask("a\nb\r\nc\u2028d\u0085e\u2029f", false)).isEqualTo("a b c d e f");
    }

    @Test
    void keepsTheLinesOfAnExceptionButMasksItsKeys() {
        assertThat(MaskingConverter.mask("IOException: apikey=S3CRET\n\tat Omdb.call(Omdb.java:1)", true))
                .isEqualTo("IOException: apikey=***\n\tat Omdb.call(Omdb.java:1)");
    }

    @Test
    void leavesAnOrdinaryLineAsItIs() {
        String line = "GET /api/v1/search/id/ 200 1 ms client=127.0.0.1 (an api key is never here)";

        assertThat(MaskingConverter.mask(line, false)).isSameAs(line);
    }

    @Test
    void theAppsLogbackPatternWritesOneMaskedLinePerEventAndMasksExceptions() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's SLF4J provider does: the pattern reads the MDC
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        Logger logger = context.getLogger("io.cinemix.test");
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>)
                CountingAsyncAppender.installed(context).orElseThrow().getAppender("STDOUT");
        Layout<ILoggingEvent> layout = ((PatternLayoutEncoder) console.getEncoder()).getLayout();

        String forged = layout.doLayout(new LoggingEvent(Logger.class.getName(), logger, Level.INFO,
                "GET https://omdb/?apikey=S3CRET&i=tt0372784\n2026-11-27T00:00:00.000Z ERROR forged", null, null));
        String failure = layout.doLayout(new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "failed",
                new IllegalStateException("at https://omdb/?APIKEY=S3CRET"), null));
        context.stop();

        assertThat(forged).endsWith(" INFO  io.cinemix.test - GET https://omdb/?apikey=***&i=tt0372784 "
                + "2026-11-27T00:00:00.000Z ERROR forged" + System.lineSeparator());
        assertThat(forged.lines()).hasSize(1);
        assertThat(failure).doesNotContain("S3CRET").contains(" ERROR io.cinemix.test - failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: at https://omdb/?apikey=***" + System.lineSeparator() + "\tat ");
    }

    @Test
    void worksAsTheMaskConversionWordOfAPattern() {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("mask", MaskingConverter::new);
        layout.setPattern("%mask(%msg){flat}|%mask(%msg){lines}%n");
        layout.start();
        Logger logger = context.getLogger("test");

        String line = layout.doLayout(new LoggingEvent(Logger.class.getName(), logger,
                Level.INFO, "url=?apikey=S3CRET\nforged", null, null));

        assertThat(line).isEqualTo("url=?apikey=*** forged|url=?apikey=***\nforged" + System.lineSeparator());
    }
}
