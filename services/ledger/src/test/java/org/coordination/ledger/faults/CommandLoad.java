package org.coordination.ledger.faults;

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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Clients issuing a mix of commands on shared aggregates, as the coordination center's staff would, while
 * the test breaks things: staff attached to and detached from three centers (running totals), leads
 * appointed to and relieved from one post per center (races for the same post), and pledges (new
 * aggregates). Every other command carries an {@code Idempotency-Key} and is retried with it through
 * outages and restarts, as docs/api.md tells clients to; the others are sent once. Each command carries
 * a marker of its own in a field of the event it records, so the store can be searched for it.
 */
final class CommandLoad {

    static final List<String> STRUCTURES = List.of("fi-s0", "fi-s1", "fi-s2");
    static final String FORCE = "fi-force";
    static final String[] NATIONS = {"IDN", "TUR", "QAT", "ARE", "AZE", "PAK"};
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What kind of event a command records, and where its marker is found in it. */
    enum Kind { ATTACH, APPOINT, PLEDGE, DETACH, VACATE }

    record Command(String marker, Kind kind, String user, String name, String body, boolean keyed) {
    }

    /** ACKNOWLEDGED: answered 200; REFUSED: a definitive 4xx; UNKNOWN: sent once and cut off (503 or no answer). */
    enum Outcome { ACKNOWLEDGED, REFUSED, UNKNOWN }

    /**
     * @param cutOffFirst whether an earlier attempt got no answer or a 503
     * @param replayed    whether the final answer was a stored one ({@code Idempotent-Replayed}): the
     *                    command had been recorded by an attempt whose answer never arrived or was a 503
     */
    record Result(Command command, Outcome outcome, int status, List<String> eventIds, boolean cutOffFirst, boolean replayed) {
    }

    private final String run;
    private final IntFunction<String> target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> clients = new ArrayList<>();
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    private final AtomicLong longestAnswer = new AtomicLong();
    private final Duration answerWait;

    /**
     * @param run    a prefix unique to this run, for markers
     * @param target the base URL of the instance to send the n-th attempt to (a load balancer's choice)
     */
    CommandLoad(String run, IntFunction<String> target) {
        this(run, target, Duration.ofSeconds(20));
    }

    /** @param answerWait how long a client waits for an answer before it gives the attempt up (status 0) */
    CommandLoad(String run, IntFunction<String> target, Duration answerWait) {
        this.run = run;
        this.target = target;
        this.answerWait = answerWait;
    }

    /** The force, the centers and their posts, before the load. */
    void setUp() throws InterruptedException {
        require(send(0, "coordinator", "establish-force", "{\"forceId\":\"" + FORCE + "\",\"name\":\"Fault force\","
                + "\"politicalAuthority\":\"Board of Peace\",\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\","
                + "\"plannedStrength\":20000,\"mandateId\":\"fi-mandate\"}", null));
        for (String structure : STRUCTURES) {
            require(send(0, "coordinator", "establish-command-structure", "{\"structureId\":\"" + structure
                    + "\",\"name\":\"Center " + structure + "\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}", null));
            require(send(0, "coordinator", "establish-post", "{\"structureId\":\"" + structure + "\",\"postId\":\"lead\","
                    + "\"title\":\"Lead\",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"Board of Peace\"}", null));
        }
    }

    private static void require(Answer answer) {
        if (answer.status != 200) {
            throw new IllegalStateException("set-up refused: " + answer.status + " " + answer.body);
        }
    }

    void start(int clientCount) {
        running.set(true);
        for (int c = 0; c < clientCount; c++) {
            int client = c;
            Thread thread = new Thread(() -> loop(client), "fault-client-" + c);
            thread.start();
            clients.add(thread);
        }
    }

    /** Stops issuing new commands and waits until every client has an answer for the one in flight. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofMinutes(3).toMillis());
        }
    }

    List<Result> results() {
        return List.copyOf(results);
    }

    /** The longest any attempt waited for the answer it got (an attempt that got none is not counted). */
    Duration longestAnswer() {
        return Duration.ofNanos(longestAnswer.get());
    }

    /** Every HTTP status seen, including those of retried attempts (0: no answer). */
    Map<Integer, Integer> statuses() {
        return new TreeMap<>(statuses);
    }

    private void loop(int client) {
        for (int n = 0; running.get(); n++) {
            Command command = command(client, n);
            results.add(issue(command, client + n));
        }
    }

    Command command(int client, int n) {
        String marker = run + "-" + client + "-" + n;
        String structure = STRUCTURES.get((client + n) % STRUCTURES.size());
        String nation = NATIONS[(client + n / 5) % NATIONS.length];
        boolean keyed = n % 2 == 0;
        return switch (n % 5) {
            case 0 -> new Command(marker, Kind.ATTACH, "coordinator", "attach-staff", "{\"structureId\":\"" + structure
                    + "\",\"nation\":\"" + nation + "\",\"personnel\":" + (1 + n % 7) + ",\"role\":\"" + marker + "\"}", keyed);
            case 1 -> new Command(marker, Kind.APPOINT, "coordinator", "appoint-lead", "{\"structureId\":\"" + structure
                    + "\",\"postId\":\"lead\",\"appointedBy\":\"Board of Peace\",\"appointee\":{\"name\":\"" + marker
                    + "\",\"titleOrRank\":\"Ambassador\",\"nationality\":\"" + nation + "\",\"service\":\"CIVILIAN\"}}", keyed);
            case 2 -> new Command(marker, Kind.PLEDGE, "liaison-" + nation.toLowerCase(), "join-force", "{\"contributionId\":\""
                    + marker + "\",\"forceId\":\"" + FORCE + "\",\"nation\":\"" + nation + "\",\"units\":[{\"requirementLine\":"
                    + "\"infantry\",\"type\":\"Infantry\",\"personnel\":150}],\"readiness\":\"L2\",\"conditions\":[],"
                    + "\"authorityOffered\":\"OPCON\"}", keyed);
            case 3 -> new Command(marker, Kind.DETACH, "coordinator", "detach-staff", "{\"structureId\":\"" + structure
                    + "\",\"nation\":\"" + nation + "\",\"personnel\":1}", keyed);
            default -> new Command(marker, Kind.VACATE, "coordinator", "vacate-post", "{\"structureId\":\"" + structure
                    + "\",\"postId\":\"lead\",\"reason\":\"" + marker + "\"}", keyed);
        };
    }

    /** A keyed command is retried with its key until it has a definitive answer; an unkeyed one is sent once. */
    private Result issue(Command command, int attempt) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        boolean cutOffBefore = false;
        while (true) {
            Answer answer = send(attempt++, command.user(), command.name(), command.body(), command.keyed() ? command.marker() : null);
            statuses.merge(answer.status, 1, Integer::sum);
            boolean cutOff = answer.status == 0 || answer.status == 503;
            if (cutOff && command.keyed() && System.nanoTime() < deadline) {
                cutOffBefore = true;
                pause(300);
                continue;
            }
            if (cutOff) {
                return new Result(command, Outcome.UNKNOWN, answer.status, List.of(), cutOffBefore, false);
            }
            if (answer.status == 200) {
                List<String> events = new ArrayList<>();
                answer.json().path("events").forEach(event -> events.add(event.get("eventId").asText()));
                return new Result(command, Outcome.ACKNOWLEDGED, 200, events, cutOffBefore, answer.replayed);
            }
            return new Result(command, Outcome.REFUSED, answer.status, List.of(), cutOffBefore, answer.replayed);
        }
    }

    record Answer(int status, String body, boolean replayed) {
        Answer(int status, String body) {
            this(status, body, false);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    /** One attempt; status 0 when no answer came (refused connection, reset, timeout). */
    Answer send(int attempt, String user, String command, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.apply(attempt) + "/api/v1/commands/" + command))
                .timeout(answerWait)
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            longestAnswer.accumulateAndGet(System.nanoTime() - sent, Math::max);
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Idempotent-Replayed").isPresent());
        } catch (IOException noAnswer) {
            return new Answer(0, noAnswer.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
