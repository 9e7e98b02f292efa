package io.cinemix.app;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REQUEST_HEAD_TIMEOUT, MAX_CONNECTIONS_PER_CLIENT and MAX_CONNECTIONS on the real app, with real sockets: a slow
 * client cannot hold a connection by dripping its request head, nor hold more connections than its share.
 */
class ConnectionGuardEndToEndTest {
    private static final String HEALTH = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
    /** The head deadline under test: 1 s, far below the 30 s read-idle timeout that a drip keeps restarting. */
    @AutoClose
    private static RunningApp deadline;
    @AutoClose
    private static RunningApp perClientCap;
    @AutoClose
    private static RunningApp totalCap;

    @BeforeAll
    static void start() {
        deadline = RunningApp.start("request-head-timeout", "1");
        perClientCap = RunningApp.start("max-connections-per-client", "3");
        totalCap = RunningApp.start("max-connections", "2");
    }

    @Test
    void closesAConnectionThatDripsItsRequestHeadPastTheDeadlineWith408() throws Exception {
        try (Socket socket = connect(deadline)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // One header byte every 200 ms, 50 at most (10 s): each byte restarts a read-idle timeout, not the deadline.
            AtomicInteger dripped = new AtomicInteger();
            CompletableFuture<Void> drip = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        out.write('x');
                        out.flush();
                        dripped.incrementAndGet();
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: what this test expects
                }
            });

            String answer = readToEnd(socket);

            assertThat(dripped.get()).isLessThan(50);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close")
                    .endsWith("{\"error_code\":\"408\",\"message\":\"The request took too long to arrive.\"}");
            drip.join();
        }
    }

    @Test
    void answersTheNextRequestOfAKeptAliveConnectionAfterAnIdlePauseLongerThanTheDeadline() throws Exception {
        try (Socket socket = connect(deadline)) {
            assertThat(exchange(socket, HEALTH)).startsWith("HTTP/1.1 200 ");
            Thread.sleep(1_500); // idle between requests is the idle timeout's business, not the head deadline's

            assertThat(exchange(socket, HEALTH)).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void refusesAClientsConnectionOverItsCapWith503AndAdmitsItAgainOnceOneCloses() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = connect(perClientCap);
                held.add(socket);
                assertThat(exchange(socket, HEALTH)).startsWith("HTTP/1.1 200 ");
            }
            try (Socket fourth = connect(perClientCap)) {
                String refusal = readToEnd(fourth);
                assertThat(refusal).startsWith("HTTP/1.1 503 ").contains("Retry-After: 1")
                        .contains("\"error_code\":\"503\"");
            }

            held.remove(0).close();

            assertThat(firstAnswerWithinTwoSeconds(perClientCap)).startsWith("HTTP/1.1 200 ");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void refusesAConnectionOverTheTotalCapWith503() throws Exception {
        try (Socket first = connect(totalCap); Socket second = connect(totalCap)) {
            assertThat(exchange(first, HEALTH)).startsWith("HTTP/1.1 200 ");
            assertThat(exchange(second, HEALTH)).startsWith("HTTP/1.1 200 ");
            try (Socket third = connect(totalCap)) {
                assertThat(readToEnd(third)).startsWith("HTTP/1.1 503 ").contains("\"error_code\":\"503\"");
            }
        }
    }

    @Test
    void answersBelowHttpWithTheHeadersAndBodyOfEveryOtherError() throws Exception {
        String timedOut;
        try (Socket silent = connect(deadline)) {
            timedOut = readToEnd(silent);
        }
        String refused;
        try (Socket first = connect(totalCap); Socket second = connect(totalCap)) {
            assertThat(exchange(first, HEALTH)).startsWith("HTTP/1.1 200 ");
            assertThat(exchange(second, HEALTH)).startsWith("HTTP/1.1 200 ");
            try (Socket third = connect(totalCap)) {
                refused = readToEnd(third);
            }
        }

        assertThat(timedOut).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .endsWith("\r\n\r\n{\"error_code\":\"408\",\"message\":\"The request took too long to arrive.\"}");
        assertThat(head(timedOut)).contains("content-type: application/json", "cache-control: no-store");
        assertThat(refused).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                .endsWith("\r\n\r\n{\"error_code\":\"503\",\"message\":\"The service is temporarily unavailable; try again"
                        + " later.\"}");
        assertThat(head(refused)).contains("content-type: application/json", "cache-control: no-store",
                "retry-after: 1");
    }

    /** The header lines of an answer, names and values lower-cased. */
    private static List<String> head(String answer) {
        return answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT).lines().skip(1).toList();
    }

    /** A new connection's answer to /health, retried while the server has not yet counted a closed one off. */
    private static String firstAnswerWithinTwoSeconds(RunningApp app) throws Exception {
        String answer = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            try (Socket socket = connect(app)) {
                answer = exchange(socket, HEALTH);
            }
            if (answer.startsWith("HTTP/1.1 200 ")) {
                return answer;
            }
            Thread.sleep(100);
        }
        return answer;
    }

    private static Socket connect(RunningApp app) throws IOException {
        Socket socket = new Socket("127.0.0.1", app.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class)
                .getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Sends a request and reads one answer: its head, then Content-Length bytes of body (or to the end). */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.US_ASCII);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readToEnd(Socket socket) throws IOException {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "(no answer and no close within 5 s)";
        }
    }
}
