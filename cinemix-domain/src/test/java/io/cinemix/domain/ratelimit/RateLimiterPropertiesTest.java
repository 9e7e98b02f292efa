package io.cinemix.domain.ratelimit;

import io.cinemix.domain.FakeTicker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter against an exact sliding log (the oracle), over random arrival patterns: bursts, steady traffic and
 * long pauses, from random (also negative) ticker origins. Each seed is a reproducible case, replayed on a single
 * {@link RateLimiter} and on one key of a {@link KeyedRateLimiter} (the path the HTTP filter takes).
 */
class RateLimiterPropertiesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final RateLimitPolicy POLICY = RateLimitPolicy.DEFAULT;
    private static final long BUCKET = POLICY.bucket().toNanos();
    private static final long WINDOW = POLICY.window().toNanos();
    private static final int LIMIT = POLICY.maxThreshold();

    /** How a limiter under test is built on a ticker; each yields one decision per call. */
    enum Path {
        SINGLE(ticker -> new RateLimiter(POLICY, ticker)::allowRequest),
        KEYED(ticker -> {
            KeyedRateLimiter keyed = new KeyedRateLimiter(POLICY, ticker, 100);
            return () -> keyed.tryAcquire("10.0.0.1").allowed();
        });

        final Function<FakeTicker, BooleanSupplier> build;

        Path(Function<FakeTicker, BooleanSupplier> build) {
            this.build = build;
        }
    }

    static Stream<Arguments> seeds() {
        return Stream.of(Path.values())
                .flatMap(path -> LongStream.range(0, 400).mapToObj(seed -> Arguments.of(path, seed)));
    }

    /** Replays one random arrival pattern; checks every decision against the log and returns the log. */
    private static SlidingLog replay(Path path, long seed) {
        Random random = new Random(seed);
        FakeTicker ticker = new FakeTicker((random.nextInt(2_000_001) - 1_000_000) * SECOND);
        BooleanSupplier limiter = path.build.apply(ticker);
        SlidingLog log = new SlidingLog();
        int arrivals = 1 + random.nextInt(300);
        for (int i = 0; i < arrivals; i++) {
            ticker.advance(Duration.ofMillis(nextGapMillis(random)));
            long now = ticker.read();
            int inLastWindow = log.admitsWithin(now, WINDOW);
            boolean allowed = limiter.getAsBoolean();
            if (inLastWindow < LIMIT) {
                assertThat(allowed).as("seed %d: only %d admits in the last full window, yet rejected", seed,
                        inLastWindow).isTrue();
            }
            if (allowed) {
                log.record(now);
            }
        }
        return log;
    }

    private static long nextGapMillis(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;                          // burst
            case 1 -> random.nextInt(1_000);      // busy
            case 2 -> random.nextInt(15_000);     // steady
            default -> random.nextInt(70_000);    // pauses longer than a window
        };
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void neverAdmitsMoreThanTheThresholdInAnyIntervalOfWindowMinusBucket(Path path, long seed) {
        assertThat(replay(path, seed).maxAdmitsInAnyClosedInterval(WINDOW - BUCKET)).isLessThanOrEqualTo(LIMIT);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("seeds")
    void neverAdmitsMoreThanTwiceTheThresholdInAnyFullWindow(Path path, long seed) {
        assertThat(replay(path, seed).maxAdmitsInAnyClosedInterval(WINDOW - 1)).isLessThanOrEqualTo(2 * LIMIT);
    }
}
