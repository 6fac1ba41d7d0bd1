package org.coordination.ledger.testsupport;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A client of the ledger's HTTP API, as a person's tool would be: real HTTP, Basic auth with the demo users. */
public class LedgerClient {

    /** An HTTP answer. */
    public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .flatMap(h -> h.getValue().stream()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public LedgerClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    public Answer command(String user, String command, String body) {
        return command(user, command, body, Map.of());
    }

    public Answer command(String user, String command, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/commands/" + command))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    public Answer raw(HttpRequest request) {
        return send(request);
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public Answer get(String user, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return send(request.build());
    }

    /** Reads until the (eventually consistent) read model shows what the test expects. */
    public JsonNode await(String user, String path, Predicate<JsonNode> expected) {
        return Awaitility.await("GET " + path + " showing what was expected").atMost(20, SECONDS)
                .pollDelay(Duration.ZERO).pollInterval(50, MILLISECONDS)
                .until(() -> get(user, path), answer -> answer.status() == 200 && expected.test(answer.json()))
                .json();
    }

    /** Rebuilds every read model from the first event (as the auditor, POST /api/v1/audit/replays) and waits until it completed. */
    public void rebuildAll() {
        Answer started = raw(HttpRequest.newBuilder(uri("/api/v1/audit/replays"))
                .header("Authorization", basic("auditor")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"all\"]}")).build());
        if (started.status() != 202) {
            throw new AssertionError("the rebuild was not started: " + started);
        }
        String location = started.header("Location");
        Awaitility.await("the rebuild completed").atMost(120, SECONDS).pollInterval(20, MILLISECONDS)
                .until(() -> get("auditor", location).json().get("state").asText(), "COMPLETED"::equals);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new AssertionError("HTTP failure: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
