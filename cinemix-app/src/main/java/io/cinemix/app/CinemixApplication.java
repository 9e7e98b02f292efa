package io.cinemix.app;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Cinemix: {@code java -jar cinemix-app.jar}. Configuration comes from environment variables (README). */
public final class CinemixApplication extends Micronaut {
    private static final Logger LOG = LoggerFactory.getLogger(CinemixApplication.class);

    private CinemixApplication() {
    }

    public static void main(String[] args) {
        new CinemixApplication().args(args).mainClass(CinemixApplication.class).banner(false).start();
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
