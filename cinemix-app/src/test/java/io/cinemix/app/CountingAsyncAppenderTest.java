package io.cinemix.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import net.logstash.logback.encoder.com.lmax.disruptor.SleepingWaitStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CountingAsyncAppenderTest {

    @Test
    void theAppsConsoleIsWrittenByARingBufferThatSleepsBetweenBatchesAndKeepsNoCallerData() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        try {
            CountingAsyncAppender queue = CountingAsyncAppender.installed(context).orElseThrow();

            assertThat(queue.isIncludeCallerData()).isFalse();
            assertThat(queue.getRingBufferSize()).isEqualTo(8192);
            assertThat(queue.getDiscardingThreshold()).as("INFO dropped once 80 %% full").isEqualTo(8192 / 5);
            assertThat(queue.getWaitStrategy()).as("no wake-up per line").isInstanceOf(SleepingWaitStrategy.class);
            assertThat(queue.getAppendTimeout().getMilliseconds()).as("never blocks the caller").isZero();
            assertThat(queue.getShutdownGracePeriod().getMilliseconds()).isEqualTo(2_000);
            assertThat(queue.isAddDefaultStatusListener()).as("no status line printed on a request's thread").isFalse();
            assertThat(queue.getAppender(JsonLogFormat.CONSOLE)).isInstanceOf(ConsoleAppender.class);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(JsonLogFormat.CONSOLE))
                    .as("the console only behind the queue").isNull();
        } finally {
            context.stop();
        }
    }

    @Test
    void countsWhatItDropsDropsInfoFirstAndWritesWhatIsBufferedWhenTheContextStops() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // the queue copies each event's MDC
        BlockedConsole console = new BlockedConsole();
        console.setContext(context);
        console.start();
        CountingAsyncAppender queue = new CountingAsyncAppender();
        queue.setContext(context);
        queue.setRingBufferSize(16);
        queue.setDiscardingThreshold(8);
        queue.addAppender(console);
        queue.start();
        Logger logger = context.getLogger("test");
        logger.addAppender(queue);

        logger.info("first");
        console.entered.await(); // the queue's thread holds "first", whose slot stays taken: 15 free
        IntStream.range(0, 20).forEach(i -> logger.info("info {}", i));
        long infoDropped = queue.dropped();
        IntStream.range(0, 3).forEach(i -> logger.warn("warn {}", i));
        IntStream.range(0, 4).forEach(i -> logger.error("error {}", i));
        long droppedWhileWarnAndErrorBuffered = queue.dropped();
        logger.error("beyond a full buffer");
        long dropped = queue.dropped();
        console.release.countDown();
        context.stop(); // writes what is buffered (shutdownGracePeriod) before the console stops

        // 15 free slots: INFO buffered while at least 8 are free (8 lines), WARN/ERROR until it is full (7 lines).
        assertThat(infoDropped).isEqualTo(20 - 8);
        assertThat(droppedWhileWarnAndErrorBuffered).as("no WARN or ERROR dropped while INFO is")
                .isEqualTo(infoDropped);
        assertThat(dropped).as("a full buffer's drop counted too").isEqualTo(infoDropped + 1);
        assertThat(console.lines).containsExactly("first", "info 0", "info 1", "info 2", "info 3", "info 4",
                "info 5", "info 6", "info 7", "warn 0", "warn 1", "warn 2", "error 0", "error 1", "error 2",
                "error 3");
    }

    /** A console whose first line holds the queue's thread until released: the queue then only fills. */
    private static final class BlockedConsole extends AppenderBase<ILoggingEvent> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getFormattedMessage());
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
