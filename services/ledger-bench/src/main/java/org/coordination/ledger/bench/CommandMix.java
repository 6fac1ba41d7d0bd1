package org.coordination.ledger.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A realistic mix of single-event commands, one client's share: staff attached to and detached from
 * coordination centers, leads appointed to and relieved from their posts, and nations pledging
 * contingents to a force. Each client works on its own structures and its own force (so no two clients
 * race for one post and every command is accepted, and no force collects an unrealistic number of
 * pledges: its roster is one document) and each pledge is a new aggregate, so the load spreads over
 * many aggregates as a real coalition's does.
 */
final class CommandMix {

    static final String[] NATIONS = {"IDN", "TUR", "QAT", "ARE", "AZE", "PAK"};
    static final int STRUCTURES_PER_CLIENT = 4;

    /** One command: who issues it, which, and its body. */
    record Step(String user, String command, String body) {
    }

    private final String prefix;
    private long step;

    /** @param prefix unique per client and run, e.g. {@code b8-3} for client 3 of the 8-client level */
    CommandMix(String prefix) {
        this.prefix = prefix;
    }

    /** This client's force, and its coordination centers, each with a post to fill. */
    void setUp(LedgerApi api) throws IOException, InterruptedException {
        api.require("coordinator", "establish-force", "{\"forceId\":\"" + force() + "\",\"name\":\"Stabilization force " + prefix
                + "\",\"politicalAuthority\":\"Board of Peace\",\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\","
                + "\"plannedStrength\":20000,\"mandateId\":\"" + prefix + "-mandate\"}");
        for (int s = 0; s < STRUCTURES_PER_CLIENT; s++) {
            api.require("coordinator", "establish-command-structure", "{\"structureId\":\"" + structure(s)
                    + "\",\"name\":\"Coordination center " + structure(s) + "\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
            api.require("coordinator", "establish-post", "{\"structureId\":\"" + structure(s) + "\",\"postId\":\"civilian-lead\","
                    + "\"title\":\"Civilian lead\",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"Board of Peace\"}");
        }
    }

    /** Sets every client up at once, on {@code pool}. */
    static void setUpAll(LedgerApi api, List<CommandMix> mixes, ExecutorService pool) throws Exception {
        for (Future<Void> setUp : pool.invokeAll(mixes.stream().map(mix -> (Callable<Void>) () -> {
            mix.setUp(api);
            return null;
        }).toList())) {
            setUp.get();
        }
    }

    private String force() {
        return prefix + "-force";
    }

    private String structure(int s) {
        return prefix + "-s" + s;
    }

    /**
     * The next command. A cycle of five leaves every structure as it was (staff back to zero, post
     * vacant), so the mix can run for as long as the level lasts and every command records one event.
     */
    Step next() {
        long n = step++;
        long cycle = n / 5;
        String structure = structure((int) (cycle % STRUCTURES_PER_CLIENT));
        String nation = NATIONS[(int) (cycle % NATIONS.length)];
        return switch ((int) (n % 5)) {
            case 0 -> new Step("coordinator", "attach-staff", "{\"structureId\":\"" + structure + "\",\"nation\":\"" + nation
                    + "\",\"personnel\":5,\"role\":\"Center staff\"}");
            case 1 -> new Step("coordinator", "appoint-lead", "{\"structureId\":\"" + structure + "\",\"postId\":\"civilian-lead\","
                    + "\"appointedBy\":\"Board of Peace\",\"appointee\":{\"name\":\"Envoy " + cycle + "\",\"titleOrRank\":\"Ambassador\","
                    + "\"nationality\":\"" + nation + "\",\"service\":\"CIVILIAN\"}}");
            case 2 -> new Step("liaison-" + nation.toLowerCase(), "join-force", "{\"contributionId\":\"" + prefix + "-c" + cycle
                    + "\",\"forceId\":\"" + force() + "\",\"nation\":\"" + nation + "\",\"units\":[{\"requirementLine\":\"infantry\","
                    + "\"type\":\"Infantry\",\"personnel\":150}],\"readiness\":\"L2\",\"conditions\":[],\"authorityOffered\":\"OPCON\"}");
            case 3 -> new Step("coordinator", "detach-staff", "{\"structureId\":\"" + structure + "\",\"nation\":\"" + nation
                    + "\",\"personnel\":5}");
            default -> new Step("coordinator", "vacate-post", "{\"structureId\":\"" + structure + "\",\"postId\":\"civilian-lead\","
                    + "\"reason\":\"End of rotation\"}");
        };
    }
}
