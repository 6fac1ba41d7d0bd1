package org.coordination.ledger.testsupport;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.coordination.ledger.testsupport.LedgerClient.Answer;

/**
 * Runs requests.http, the seed story walkthrough, against a running service, checking each answer. Its
 * variables are resolved as an HTTP client does: the `local` environment of http-client.env.json, then
 * the file's own; only the port of the environment's host is changed, to the running service's.
 */
public final class Walkthrough {

    static final Pattern EXPECTED_REFUSAL = Pattern.compile("\\((\\d{3}) ([A-Z_]+)\\)");
    static final Pattern UNRESOLVED = Pattern.compile("\\{\\{.*?}}");
    /** A response handler as the IntelliJ HTTP client runs it: keeps a field of the JSON answer as a variable. */
    static final Pattern HANDLER = Pattern.compile("^> \\{%\\s*client\\.global\\.set\\(\"(\\w+)\",\\s*response\\.body\\.(\\w+)\\);?\\s*%}\\s*$");
    static final String ENVIRONMENT = "local";

    private Walkthrough() {
    }

    /** One step of the walkthrough as it went over the wire: what was sent and what came back. */
    public record Exchange(String title, String method, URI uri, Map<String, String> headers, String body, Answer answer) {
    }

    /**
     * More history after the walkthrough: French staff attached to the coordination center two at a time
     * and detached one at a time, {@code times} times over (twice as many events, none a policy handles).
     */
    public static void staffComingAndGoing(LedgerClient ledger, int times) throws IOException, InterruptedException {
        for (int i = 0; i < times; i++) {
            ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":2}");
            ledger.command("coordinator", "detach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":1}");
        }
    }

    /** Sends every request in order; returns how many were sent. */
    public static int run(int port) throws IOException, InterruptedException {
        return run(port, exchange -> { });
    }

    /** Sends every request in order, handing each exchange to {@code seen} once its answer is checked; returns how many were sent. */
    public static int run(int port, Consumer<Exchange> seen) throws IOException, InterruptedException {
        return run(port, title -> false, seen);
    }

    /**
     * As {@link #run(int, Consumer)}, without the steps whose title {@code done} accepts: steps someone took
     * another way (the console's tests take the first ones through its forms).
     */
    public static int run(int port, java.util.function.Predicate<String> done, Consumer<Exchange> seen) throws IOException, InterruptedException {
        LedgerClient ledger = new LedgerClient(port);
        String file = Files.readString(RepositoryFiles.locate("requests.http"));
        URI host = URI.create(localEnvironment().get("host"));
        Map<String, String> variables = variables("http://" + host.getHost() + ":" + port);
        String[] blocks = file.split("(?m)^### ");
        int sent = 0;
        for (int i = 1; i < blocks.length; i++) {
            List<String> lines = blocks[i].lines().toList();
            String title = lines.get(0);
            if (done.test(title)) {
                continue;
            }
            String[] requestLine = substitute(lines.get(1), variables).split(" ", 2);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(requestLine[1]));
            Map<String, String> headers = new LinkedHashMap<>();
            int line = 2;
            for (; line < lines.size() && !lines.get(line).isBlank(); line++) {
                String[] header = substitute(lines.get(line), variables).split(":", 2);
                request.header(header[0].trim(), header[1].trim());
                headers.put(header[0].trim(), header[1].trim());
            }
            List<String> rest = lines.subList(Math.min(line, lines.size()), lines.size());
            Matcher handler = rest.stream().map(HANDLER::matcher).filter(Matcher::matches).findFirst().orElse(null);
            String body = String.join("\n", rest.stream().filter(l -> !HANDLER.matcher(l).matches()).toList()).trim();
            Answer answer;
            if (requestLine[0].equals("POST")) {
                request.POST(HttpRequest.BodyPublishers.ofString(body));
                answer = ledger.raw(request.build());
                if (handler != null && answer.status() == 200) {
                    variables.put(handler.group(1), answer.json().get(handler.group(2)).asText());
                }
            } else if (requestLine[1].contains("minPosition=")) {
                // read your own writes: no waiting on the client's side, the ledger waits for the position
                request.GET();
                answer = ledger.raw(request.build());
            } else {
                // reads follow commands: the read models are updated just after, so a read may need a moment
                request.GET();
                AtomicReference<Answer> last = new AtomicReference<>();
                try {
                    answer = await(requestLine[1]).pollDelay(100, MILLISECONDS).pollInterval(100, MILLISECONDS).atMost(20, SECONDS)
                            .until(() -> { last.set(ledger.raw(request.build())); return last.get(); }, a -> a.status() == 200);
                } catch (ConditionTimeoutException refusedThroughout) {
                    answer = last.get(); // a refusal the walkthrough may expect: asserted below
                }
            }
            sent++;
            Matcher refusal = EXPECTED_REFUSAL.matcher(title);
            if (refusal.find()) {
                assertThat(answer.status()).as(title + " → " + answer).isEqualTo(Integer.parseInt(refusal.group(1)));
                assertThat(answer.json().get("rule").asText()).isEqualTo(refusal.group(2));
            } else {
                assertThat(answer.status()).as(title + " → " + answer).isEqualTo(200);
            }
            seen.accept(new Exchange(title, requestLine[0], URI.create(requestLine[1]), headers, body, answer));
        }
        return sent;
    }

    /** The variables requests.http sees in the `local` environment, with the host given. */
    public static Map<String, String> variables(String host) throws IOException {
        Map<String, String> variables = new HashMap<>(localEnvironment());
        variables.putAll(fileVariables());
        variables.put("host", host);
        return variables;
    }

    /** http-client.env.json's `local` environment, where HTTP clients take {{host}} from. */
    public static Map<String, String> localEnvironment() throws IOException {
        Map<String, Map<String, String>> environments = new ObjectMapper().readValue(
                RepositoryFiles.locate("http-client.env.json").toFile(), new TypeReference<>() { });
        assertThat(environments).as("http-client.env.json environments").containsKey(ENVIRONMENT);
        assertThat(environments.get(ENVIRONMENT)).as("the local environment").containsKey("host");
        return environments.get(ENVIRONMENT);
    }

    /** The variables the file's response handlers set from answers ({@code position}, …). */
    public static java.util.Set<String> handlerVariables() throws IOException {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String line : Files.readAllLines(RepositoryFiles.locate("requests.http"))) {
            Matcher handler = HANDLER.matcher(line);
            if (handler.matches()) {
                names.add(handler.group(1));
            }
        }
        return names;
    }

    /** The `@name = value` lines of requests.http. */
    public static Map<String, String> fileVariables() throws IOException {
        Map<String, String> variables = new HashMap<>();
        for (String line : Files.readAllLines(RepositoryFiles.locate("requests.http"))) {
            if (line.startsWith("@")) {
                String[] assignment = line.substring(1).split("=", 2);
                variables.put(assignment[0].trim(), assignment[1].trim());
            }
        }
        return variables;
    }

    private static String substitute(String text, Map<String, String> variables) {
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            text = text.replace("{{" + variable.getKey() + "}}", variable.getValue());
        }
        assertThat(text).as("every variable defined").doesNotContainPattern(UNRESOLVED);
        return text;
    }
}
