package io.cinemix.app;

import ch.qos.logback.classic.LoggerContext;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** Starts Cinemix: {@code java -jar cinemix-app.jar}. Configuration comes from environment variables (README). */
public final class CinemixApplication extends Micronaut {
    private static final Logger LOG = LoggerFactory.getLogger(CinemixApplication.class);
    /** How long the exiting JVM waits for the app to stop before it writes the queued log lines anyway. */
    private static final long STOP_WAIT_SECONDS = 30;
    /** The started app, for the shutdown hook that flushes the logs; null until it has started. */
    private static volatile ApplicationContext started;

    private CinemixApplication() {
    }

    /**
     * Starts the app, and installs the shutdown hook that writes the log lines still queued once it has stopped
     * ({@link #flushLogsOnExit}): JVM shutdown hooks run in no set order, so logback's own hook could stop the console
     * while Micronaut's is still finishing the last requests.
     */
    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(CinemixApplication::flushLogsOnExit, "cinemix-log-flush"));
        CinemixApplication app;
        try {
            app = new CinemixApplication(); // its builder reads the traces' switch (TracingSwitch)
        } catch (CannotStartException refusal) {
            LOG.error(refusal.getMessage());
            System.exit(1);
            return;
        }
        started = app.args(args).mainClass(CinemixApplication.class).banner(false).start();
    }

    /**
     * Waits (30 s at most) while Micronaut's shutdown hook stops the app, graceful shutdown included, then stops
     * logback: its queue (logback.xml's CONSOLE_QUEUE) is written out first. A refusal to start has no app to wait for.
     */
    private static void flushLogsOnExit() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        ApplicationContext app = started;
        try {
            while (app != null && app.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.stop();
        }
    }

    /**
     * A refusal to start (a bad setting, an unreachable Redis) is its one sentence and exit code 1, not the bean
     * stack trace around it; any other failure is left to Micronaut.
     */
    @Override
    protected void handleStartupException(Environment environment, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotStartException refusal) {
                LOG.error(refusal.getMessage());
                System.exit(1);
            }
        }
        super.handleStartupException(environment, failure);
    }

    /** Why the service refuses to start, in a sentence for the operator (never a secret); no stack trace. */
    static final class CannotStartException extends RuntimeException {
        CannotStartException(String sentence) {
            super(sentence, null, false, false);
        }
    }
}
