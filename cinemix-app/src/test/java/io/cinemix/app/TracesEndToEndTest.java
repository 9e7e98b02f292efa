package io.cinemix.app;

import io.cinemix.app.OtlpReceiver.ReceivedSpan;
import io.cinemix.testsupport.Http;
import io.cinemix.testsupport.LocalRedis;
import io.cinemix.testsupport.OmdbStub;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces on the real app (Redis, the OMDb stub) with OTLP/HTTP pointed at a receiver in the test: what a request's
 * trace holds and how its spans nest, a caller's {@code traceparent} honoured with its sampling decision, and a
 * sentinel OMDb key found in none of the bytes exported.
 */
class TracesEndToEndTest {
    private static final String KEY = "K3Y-SENTINEL-traces-e2e";
    private static OmdbStub omdb;
    private static LocalRedis redis;
    private static OtlpReceiver receiver;
    private static RunningApp app;

    @BeforeAll
    static void start() {
        omdb = new OmdbStub(KEY);
        redis = LocalRedis.startOwn();
        receiver = new OtlpReceiver();
        app = startInstance();
    }

    /** An instance of the app on the shared Redis, tracing to the receiver. */
    private static RunningApp startInstance() {
        return startInstanceWith("redis-url", redis.url());
    }

    /** An instance tracing to the receiver, with {@code more} settings (without Redis unless they name it). */
    private static RunningApp startInstanceWith(String... more) {
        List<String> settings = new java.util.ArrayList<>(List.of("omdb-api-key", KEY, "omdb-base-url", omdb.baseUrl(),
                "omdb-timeout", "1", "max-threshold", "1000"));
        settings.addAll(List.of(more));
        // As TracingSwitch sets it from OTEL_TRACES_EXPORTER=otlp in a real process (CinemixJarIT).
        return RunningApp.start(Map.of("micronaut.otel.enabled", "true", "otel.traces.exporter", "otlp",
                        "otel.exporter.otlp.endpoint", receiver.endpoint(),
                        "otel.bsp.schedule.delay", "10"), settings.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        app.close();
        receiver.close();
        redis.close();
        omdb.close();
    }

    @Test
    void aColdLookupIsOneTraceRootedInTheServerSpanWithTheRedisAndOmdbSpansBelowIt() {
        omdb.answer("tt5100001", OmdbStub.movie("tt5100001"));

        assertThat(app.http().get("/api/v1/search/id/tt5100001").status()).isEqualTo(200);

        String traceId = receiver.await("the OMDb client span", spans -> spans.stream().anyMatch(s -> isOmdbCall(s)
                && s.attributes().get("url.full").contains("tt5100001"))).stream()
                .filter(s -> isOmdbCall(s) && s.attributes().get("url.full").contains("tt5100001"))
                .findFirst().orElseThrow().traceId();
        receiver.await("the server span and the Redis commands", spans -> spans.stream()
                .anyMatch(s -> s.traceId().equals(traceId) && s.kind() == SpanKind.SPAN_KIND_SERVER)
                && spans.stream().anyMatch(s -> s.traceId().equals(traceId)
                        && "redis".equals(s.attributes().get("db.system"))));
        List<ReceivedSpan> trace = receiver.trace(traceId);
        ReceivedSpan server = only(trace, s -> s.kind() == SpanKind.SPAN_KIND_SERVER);
        assertThat(server.isRoot()).isTrue();
        assertThat(server.name()).isEqualTo("GET /api/v1/search/id/{id}");
        assertThat(server.attributes()).containsEntry("http.route", "/api/v1/search/id/{id}")
                .containsEntry("http.response.status_code", "200");
        assertThat(server.service()).isEqualTo("cinemix");
        ReceivedSpan omdbCall = only(trace, TracesEndToEndTest::isOmdbCall);
        assertThat(omdbCall.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
        assertThat(omdbCall.attributes()).containsEntry("http.response.status_code", "200");
        assertThat(omdbCall.attributes().get("url.full")).contains("apikey=***").contains("i=tt5100001");
        assertThat(omdbCall.parentSpanId()).isEqualTo(server.spanId());

        ReceivedSpan cacheRead = only(trace, s -> s.name().equals("cinemix.cache.read"));
        assertThat(cacheRead.parentSpanId()).isEqualTo(server.spanId());
        // One Redis script reads the entry, takes the lease and spends the budget: the claim is told by the read.
        assertThat(cacheRead.attributes()).containsEntry("cinemix.cache.result", "miss")
                .containsEntry("cinemix.lease.granted", "true").containsEntry("cinemix.budget.outcome", "allowed");
        List<ReceivedSpan> redisCommands = trace.stream().filter(s -> "redis".equals(s.attributes().get("db.system")))
                .toList();
        assertThat(redisCommands).isNotEmpty().allSatisfy(command -> {
            assertThat(command.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
            assertThat(descends(command, server, trace)).as(command + " under the server span").isTrue();
        });
        assertThat(redisCommands).anySatisfy(command -> assertThat(command.parentSpanId())
                .isEqualTo(cacheRead.spanId()));
        assertThat(trace).as("spent with the claim, not again")
                .noneMatch(s -> s.name().equals("cinemix.budget.spend") || s.name().equals("cinemix.lease"));
        assertThat(only(trace, s -> s.name().equals("cinemix.rate_limit")).attributes())
                .containsEntry("cinemix.rate_limit.allowed", "true");
        assertThat(trace).as("one root").allSatisfy(span ->
                assertThat(span == server || descends(span, server, trace)).as(span.toString()).isTrue());
    }

    @Test
    void aLookupWaitingForAnotherInstancesFetchShowsTheWaitAsASpanAndMakesNoOmdbCall() throws Exception {
        omdb.answer("tt5400001", OmdbStub.movie("tt5400001").withFixedDelay(800));
        String traceId = newTraceId();
        try (RunningApp other = startInstance()) {
            CompletableFuture<Http.Response> first =
                    CompletableFuture.supplyAsync(() -> app.http().get("/api/v1/search/id/tt5400001"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (omdb.detailCalls("tt5400001") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // polls the stub's journal: spinning would starve its delayed answer
            }
            assertThat(omdb.detailCalls("tt5400001")).as("the first instance is fetching").isEqualTo(1);

            assertThat(other.http().get("/api/v1/search/id/tt5400001", "traceparent", traceparent(traceId, "01"))
                    .status()).isEqualTo(200);
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        assertThat(omdb.detailCalls("tt5400001")).isEqualTo(1);
        receiver.await("the waiting lookup's spans", spans -> spans.stream().anyMatch(s -> s.traceId().equals(traceId)
                && s.kind() == SpanKind.SPAN_KIND_SERVER) && spans.stream().anyMatch(s -> s.traceId().equals(traceId)
                && s.name().equals("cinemix.lease")));
        List<ReceivedSpan> trace = receiver.trace(traceId);
        ReceivedSpan server = only(trace, s -> s.kind() == SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan wait = only(trace, s -> s.name().equals("cinemix.lease"));
        assertThat(wait.attributes()).containsEntry("cinemix.lease.granted", "false");
        assertThat(wait.parentSpanId()).isEqualTo(server.spanId());
        assertThat(trace).noneMatch(TracesEndToEndTest::isOmdbCall);
    }

    @Test
    void aLookupJoiningTheSameOneUnderWayInThisInstanceShowsTheWaitAsASpanAndMakesNoOmdbCall() throws Exception {
        omdb.answer("tt5500001", OmdbStub.movie("tt5500001").withFixedDelay(500));
        String traceId = newTraceId();
        CompletableFuture<Http.Response> first =
                CompletableFuture.supplyAsync(() -> app.http().get("/api/v1/search/id/tt5500001"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (omdb.detailCalls("tt5500001") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5); // polls the stub's journal: spinning would starve its delayed answer
        }
        assertThat(omdb.detailCalls("tt5500001")).as("the first lookup is fetching").isEqualTo(1);

        assertThat(app.http().get("/api/v1/search/id/tt5500001", "traceparent", traceparent(traceId, "01")).status())
                .isEqualTo(200);
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

        assertThat(omdb.detailCalls("tt5500001")).isEqualTo(1);
        receiver.await("the joining lookup's spans", spans -> spans.stream().anyMatch(s -> s.traceId().equals(traceId)
                && s.kind() == SpanKind.SPAN_KIND_SERVER) && spans.stream().anyMatch(s -> s.traceId().equals(traceId)
                && s.name().equals("cinemix.join")));
        List<ReceivedSpan> trace = receiver.trace(traceId);
        ReceivedSpan server = only(trace, s -> s.kind() == SpanKind.SPAN_KIND_SERVER);
        assertThat(only(trace, s -> s.name().equals("cinemix.join")).parentSpanId()).isEqualTo(server.spanId());
        assertThat(trace).noneMatch(TracesEndToEndTest::isOmdbCall);
    }

    @Test
    void withoutRedisALookupJoiningTheSameOneUnderWayShowsTheWaitAsASpan() throws Exception {
        omdb.answer("tt5600001", OmdbStub.movie("tt5600001").withFixedDelay(500));
        String traceId = newTraceId();
        try (RunningApp alone = startInstanceWith()) {
            CompletableFuture<Http.Response> first =
                    CompletableFuture.supplyAsync(() -> alone.http().get("/api/v1/search/id/tt5600001"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (omdb.detailCalls("tt5600001") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // polls the stub's journal: spinning would starve its delayed answer
            }
            assertThat(alone.http().get("/api/v1/search/id/tt5600001", "traceparent", traceparent(traceId, "01"))
                    .status()).isEqualTo(200);
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        }

        assertThat(omdb.detailCalls("tt5600001")).isEqualTo(1);
        receiver.await("the joining lookup's wait", spans -> spans.stream().anyMatch(s -> s.traceId().equals(traceId)
                && s.name().equals("cinemix.join")));
        assertThat(receiver.trace(traceId)).noneMatch(s -> s.name().equals("cinemix.lease"));
    }

    @Test
    void theOperatorEndpointsAndTheDocsAreNotTraced() {
        for (String path : List.of("/health", "/metrics", "/docs", "/openapi.yml")) {
            app.http().get(path);
        }
        String traceId = newTraceId();
        assertThat(app.http().get("/api/v1/search/id/" + OmdbStub.UNKNOWN_ID, "traceparent",
                traceparent(traceId, "01")).status()).isEqualTo(404);

        receiver.await("a later traced request", spans -> spans.stream().anyMatch(s -> s.traceId().equals(traceId)
                && s.kind() == SpanKind.SPAN_KIND_SERVER));
        assertThat(receiver.spans()).filteredOn(s -> s.kind() == SpanKind.SPAN_KIND_SERVER)
                .extracting(ReceivedSpan::name).allSatisfy(name -> assertThat(name).startsWith("GET /api/"));
    }

    @Test
    void aCallersTraceparentIsTheParentOfTheServerSpan() {
        String traceId = newTraceId();
        String callerSpan = HexFormat.of().formatHex(randomBytes(8));

        app.http().get("/api/v1/search/id/tt0372784", "traceparent", "00-" + traceId + "-" + callerSpan + "-01");

        receiver.await("the server span", spans -> spans.stream().anyMatch(s -> s.traceId().equals(traceId)
                && s.kind() == SpanKind.SPAN_KIND_SERVER));
        ReceivedSpan server = only(receiver.trace(traceId), s -> s.kind() == SpanKind.SPAN_KIND_SERVER);
        assertThat(server.parentSpanId()).isEqualTo(callerSpan);
    }

    @Test
    void aCallersDecisionNotToSampleIsKept() {
        String unsampled = newTraceId();
        String sampled = newTraceId();

        app.http().get("/api/v1/search/id/tt0372784", "traceparent", traceparent(unsampled, "00"));
        app.http().get("/api/v1/search/id/tt0372784", "traceparent", traceparent(sampled, "01"));

        receiver.await("the sampled request's server span", spans -> spans.stream()
                .anyMatch(s -> s.traceId().equals(sampled) && s.kind() == SpanKind.SPAN_KIND_SERVER));
        assertThat(receiver.trace(unsampled)).isEmpty();
    }

    @Test
    void exportsNoByteOfTheKeyForAHitAMissAnUpstreamErrorOrATimeout() {
        List<String> traceIds = List.of(newTraceId(), newTraceId(), newTraceId(), newTraceId(), newTraceId(),
                newTraceId());
        List<String> paths = List.of("/api/v1/search/id/tt0372784", "/api/v1/search/id/tt0372784",
                "/api/v1/search/id/" + OmdbStub.UNKNOWN_ID, "/api/v1/search/id/" + OmdbStub.SERVER_ERROR_ID,
                "/api/v1/search/id/" + OmdbStub.HANGING_ID, "/api/v1/search/?query=batman");
        List<Integer> statuses = List.of(200, 200, 404, 502, 504, 200);
        for (int i = 0; i < paths.size(); i++) {
            assertThat(app.http().get(paths.get(i), "traceparent", traceparent(traceIds.get(i), "01")).status())
                    .as(paths.get(i)).isEqualTo(statuses.get(i));
        }

        receiver.await("every request's server span", spans -> traceIds.stream().allMatch(id -> spans.stream()
                .anyMatch(s -> s.traceId().equals(id) && s.kind() == SpanKind.SPAN_KIND_SERVER)));
        receiver.await("the OMDb client spans of the error and the timeout", spans -> spans.stream()
                .filter(s -> isOmdbCall(s) && (s.traceId().equals(traceIds.get(3))
                        || s.traceId().equals(traceIds.get(4)))).count() == 2);
        String exported = receiver.everyByte();
        assertThat(exported).contains("apikey=***").doesNotContain(KEY);
    }

    private static boolean isOmdbCall(ReceivedSpan span) {
        return span.attributes().containsKey("url.full");
    }

    private static boolean descends(ReceivedSpan span, ReceivedSpan ancestor, List<ReceivedSpan> trace) {
        Optional<ReceivedSpan> parent = Optional.of(span);
        while (parent.isPresent()) {
            String parentId = parent.get().parentSpanId();
            if (parentId.equals(ancestor.spanId())) {
                return true;
            }
            parent = trace.stream().filter(s -> s.spanId().equals(parentId)).findFirst();
        }
        return false;
    }

    private static ReceivedSpan only(List<ReceivedSpan> trace, java.util.function.Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = trace.stream().filter(which).toList();
        assertThat(found).as("in " + trace).hasSize(1);
        return found.get(0);
    }

    private static String traceparent(String traceId, String flags) {
        return "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-" + flags;
    }

    private static String newTraceId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
