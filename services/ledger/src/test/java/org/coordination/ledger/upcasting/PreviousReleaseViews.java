package org.coordination.ledger.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.Walkthrough;

/**
 * What a release shows of the seed story: the read side's answers a later release must still give on a
 * ledger this release stored (PreviousReleaseIT). A tool, not a test: run against a service of the release
 * whose ledger is kept, after which that ledger is dumped (src/test/resources/previous-release/README.md
 * says how the fixture there was made).
 */
public final class PreviousReleaseViews {

    /** The answers kept, by file name: every read model of the seed story, as-of reads among them. */
    static final Map<String, String> VIEWS = new LinkedHashMap<>();

    static {
        VIEWS.put("command-structure", "/api/v1/command-structures/cmcc");
        VIEWS.put("command-structure-as-of", "/api/v1/command-structures/cmcc?asOf=2025-12-01");
        VIEWS.put("force", "/api/v1/forces/isf");
        VIEWS.put("roster", "/api/v1/forces/isf/roster");
        VIEWS.put("roster-as-of", "/api/v1/forces/isf/roster?asOf=2025-11-10");
        VIEWS.put("roe-acknowledgements", "/api/v1/forces/isf/roe-acknowledgements");
        VIEWS.put("consent-board", "/api/v1/forces/isf/consent-board");
        VIEWS.put("consent-register", "/api/v1/consent-registers/isf-isr");
        VIEWS.put("mandate", "/api/v1/mandates/gaza-isf-mandate");
        VIEWS.put("humanitarian-coalition", "/api/v1/humanitarian-coalitions/gaza-humanitarian");
        VIEWS.put("alerts", "/api/v1/alerts");
        VIEWS.put("timeline", "/api/v1/timeline?limit=500");
    }

    static final String USER = "auditor";

    private PreviousReleaseViews() {
    }

    /** Each view's answer once the read side has settled: two reads a second apart give the same. */
    static Map<String, JsonNode> settled(LedgerClient ledger) throws InterruptedException {
        Map<String, JsonNode> last = Map.of();
        while (true) {
            Map<String, JsonNode> now = new LinkedHashMap<>();
            for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                LedgerClient.Answer answer = ledger.get(USER, view.getValue());
                if (answer.status() != 200) {
                    throw new IllegalStateException(view.getValue() + " answered " + answer);
                }
                now.put(view.getKey(), answer.json());
            }
            if (now.equals(last)) {
                return now;
            }
            last = now;
            Thread.sleep(1_000);
        }
    }

    /** {@code PreviousReleaseViews <port> <directory>}: runs the seed story, then writes each view there. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path directory = Files.createDirectories(Path.of(args[1]));
        Walkthrough.run(port);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (Map.Entry<String, JsonNode> view : settled(new LedgerClient(port)).entrySet()) {
            json.writeValue(directory.resolve(view.getKey() + ".json").toFile(), view.getValue());
        }
    }
}
