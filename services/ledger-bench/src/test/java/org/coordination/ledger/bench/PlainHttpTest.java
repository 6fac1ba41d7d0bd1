package org.coordination.ledger.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load's own HTTP client against the JDK's HTTP server: what it sends, the answers' framings, keep-alive. */
class PlainHttpTest {

    record Seen(String method, String path, String host, String authorization, String contentType, String body, int clientPort) {
    }

    HttpServer server;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    PlainHttp http;

    @BeforeEach
    void server() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a slow answer holds no other up
        server.start();
        http = new PlainHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders().getFirst("Host"),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"), body,
                exchange.getRemoteAddress().getPort()));
        byte[] answer = ("{\"echo\":" + body + "}").getBytes(StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        if (path.endsWith("/close")) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        if (path.endsWith("/cut")) {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write(answer, 0, 5);
            exchange.getResponseBody().flush();
            exchange.close(); // fewer bytes than announced: the server drops the connection
            return;
        }
        if (path.endsWith("/slow")) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }
        if (path.endsWith("/no-content")) {
            exchange.sendResponseHeaders(204, -1); // no body, no Content-Length
            exchange.close();
            return;
        }
        if (path.endsWith("/chunked")) {
            exchange.sendResponseHeaders(422, 0); // length 0: the JDK's server answers in chunks
            try (OutputStream out = exchange.getResponseBody()) {
                for (byte b : answer) {
                    out.write(b);
                    out.flush();
                }
            }
        } else {
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
        exchange.close();
    }

    PlainHttp.Response post(String path, String body) throws IOException {
        return http.post(path, "Basic Y29vcmRpbmF0b3I6Y29vcmRpbmF0b3I=", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sendsTheRequestAndReadsAnAnswerOfAStatedLength() throws IOException {
        PlainHttp.Response response = post("/api/v1/commands/attach-staff", "{\"role\":\"é €\"}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"echo\":{\"role\":\"é €\"}}");
        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/commands/attach-staff");
        assertThat(request.host()).isEqualTo("127.0.0.1:" + server.getAddress().getPort());
        assertThat(request.authorization()).isEqualTo("Basic Y29vcmRpbmF0b3I6Y29vcmRpbmF0b3I=");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo("{\"role\":\"é €\"}");
    }

    @Test
    void readsAChunkedAnswer() throws IOException {
        PlainHttp.Response response = post("/chunked", "[1,2,3]");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).isEqualTo("{\"echo\":[1,2,3]}");
        // and the connection is still good for the next
        assertThat(post("/next", "1").body()).isEqualTo("{\"echo\":1}");
        assertThat(seen.get(1).clientPort()).isEqualTo(seen.get(0).clientPort());
    }

    @Test
    void keepsAConnectionAliveUntilTheServerClosesIt() throws IOException {
        post("/a", "1");
        post("/b", "2");
        post("/close", "3");
        post("/c", "4");
        assertThat(seen.subList(0, 3)).extracting(Seen::clientPort).as("one connection for the first three")
                .containsOnly(seen.get(0).clientPort());
        assertThat(seen.get(3).clientPort()).as("a new one after the close").isNotEqualTo(seen.get(0).clientPort());
    }

    @Test
    void readsNoBodyAfterA204AndKeepsTheConnection() throws IOException {
        PlainHttp.Response response = post("/no-content", "1");
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(post("/next", "2").body()).isEqualTo("{\"echo\":2}");
        assertThat(seen.get(1).clientPort()).isEqualTo(seen.get(0).clientPort());
    }

    @Test
    void anAnswerCutShortFailsAndTheNextRequestGoesOutOnANewConnection() throws IOException {
        post("/a", "1");
        assertThatThrownBy(() -> post("/cut", "2")).isInstanceOf(IOException.class);
        assertThat(post("/b", "3").body()).isEqualTo("{\"echo\":3}");
        assertThat(seen.get(2).clientPort()).isNotEqualTo(seen.get(0).clientPort());
    }

    @Test
    void aConnectionIdleLongerThanItsLimitIsNotReused() throws Exception {
        http = new PlainHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 100_000_000L);
        post("/a", "1");
        post("/b", "2");
        Thread.sleep(300);
        post("/c", "3");
        assertThat(seen.get(1).clientPort()).isEqualTo(seen.get(0).clientPort());
        assertThat(seen.get(2).clientPort()).isNotEqualTo(seen.get(0).clientPort());
    }

    /** A load's clients are stopped by closing their connections: a blocking read does not end on an interrupt. */
    @Test
    void closingEndsARequestInFlight() throws Exception {
        CompletableFuture<PlainHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/slow", "1");
            } catch (IOException failed) {
                throw new java.io.UncheckedIOException(failed);
            }
        });
        Thread.sleep(300);
        http.close();
        assertThat(inFlight).failsWithin(Duration.ofMillis(1_500)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(java.io.UncheckedIOException.class);
    }
}
