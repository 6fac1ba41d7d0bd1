package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger's HTTP API as a client sees it: a command is acknowledged with the events it recorded. */
final class LedgerApi {

    /** A command's answer: the status, and the ids of the events it recorded (empty on a refusal). */
    record Answer(int status, List<String> eventIds, String body) {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    /** The commands' client, on the calling thread (PlainHttp says why); the audit reads keep the JDK's client. */
    private final PlainHttp commands;
    private final String commandsPath;
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    LedgerApi(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        URI base = URI.create(baseUrl);
        this.commands = new PlainHttp(base);
        this.commandsPath = (base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/$", "")) + "/api/v1/commands/";
    }

    /** The demo users' password is their name (default profile). */
    private String authorization(String user) {
        return authorizations.computeIfAbsent(user,
                u -> "Basic " + Base64.getEncoder().encodeToString((u + ":" + u).getBytes(StandardCharsets.UTF_8)));
    }

    Answer command(String user, String command, String body) throws IOException, InterruptedException {
        PlainHttp.Response response = commands.post(commandsPath + command, authorization(user), "application/json",
                body.getBytes(StandardCharsets.UTF_8));
        List<String> eventIds = new ArrayList<>();
        if (response.status() == 200) {
            for (JsonNode event : JSON.readTree(response.body()).path("events")) {
                eventIds.add(event.path("eventId").asText());
            }
        }
        return new Answer(response.status(), eventIds, response.body());
    }

    /**
     * Closes the commands' connections, also those in use: called when a load's clients are stopped, since a
     * client blocked reading its answer does not see the interrupt. The next command opens a new connection.
     */
    void closeConnections() {
        commands.close();
    }

    /** Issues a command that must succeed (set-up steps). */
    Answer require(String user, String command, String body) throws IOException, InterruptedException {
        Answer answer = command(user, command, body);
        if (answer.status() != 200) {
            throw new IllegalStateException(command + " answered " + answer.status() + ": " + answer.body());
        }
        return answer;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = getRaw(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> getRaw(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", authorization("auditor")).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode post(String user, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization(user)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
