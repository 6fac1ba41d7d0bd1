package org.coordination.ledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coordination.ledger.testsupport.LedgerClient.Answer;

/** Runs requests.http, the seed story walkthrough, against a running service, checking each answer. */
public final class Walkthrough {

    static final Pattern EXPECTED_REFUSAL = Pattern.compile("\\((\\d{3}) ([A-Z_]+)\\)");

    private Walkthrough() {
    }

    /** One step of the walkthrough as it went over the wire: what was sent and what came back. */
    public record Exchange(String title, String method, URI uri, Map<String, String> headers, String body, Answer answer) {
    }

    /** Sends every request in order; returns how many were sent. */
    public static int run(int port) throws IOException, InterruptedException {
        return run(port, exchange -> { });
    }

    /** Sends every request in order, handing each exchange to {@code seen} once its answer is checked; returns how many were sent. */
    public static int run(int port, Consumer<Exchange> seen) throws IOException, InterruptedException {
        LedgerClient ledger = new LedgerClient(port);
        String file = Files.readString(RepositoryFiles.locate("requests.http"));
        Map<String, String> variables = new HashMap<>();
        for (String line : file.lines().toList()) {
            if (line.startsWith("@")) {
                String[] assignment = line.substring(1).split("=", 2);
                variables.put(assignment[0].trim(), assignment[1].trim());
            }
        }
        variables.put("host", "http://localhost:" + port);
        String[] blocks = file.split("(?m)^### ");
        int sent = 0;
        for (int i = 1; i < blocks.length; i++) {
            List<String> lines = blocks[i].lines().toList();
            String title = lines.get(0);
            String[] requestLine = substitute(lines.get(1), variables).split(" ", 2);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(requestLine[1]));
            Map<String, String> headers = new LinkedHashMap<>();
            int line = 2;
            for (; line < lines.size() && !lines.get(line).isBlank(); line++) {
                String[] header = substitute(lines.get(line), variables).split(":", 2);
                request.header(header[0].trim(), header[1].trim());
                headers.put(header[0].trim(), header[1].trim());
            }
            String body = String.join("\n", lines.subList(Math.min(line, lines.size()), lines.size())).trim();
            Answer answer;
            if (requestLine[0].equals("POST")) {
                request.POST(HttpRequest.BodyPublishers.ofString(body));
                answer = ledger.raw(request.build());
            } else {
                // reads follow commands: the read models are updated just after, so a read may need a moment
                request.GET();
                long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
                do {
                    Thread.sleep(100);
                    answer = ledger.raw(request.build());
                } while (answer.status() != 200 && System.nanoTime() < deadline);
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

    private static String substitute(String text, Map<String, String> variables) {
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            text = text.replace("{{" + variable.getKey() + "}}", variable.getValue());
        }
        return text;
    }
}
