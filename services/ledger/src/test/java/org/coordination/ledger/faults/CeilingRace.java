package org.coordination.ledger.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.coordination.ledger.faults.CommandLoad.Answer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Six nations commit to one force at the same moment, each through another instance, where the mandate's troop
 * ceiling leaves room for three of them: exactly three are accepted, the others refused with
 * {@code CEILING_EXCEEDED}, and the committed personnel in the store never pass the ceiling. The ceiling is
 * summed under a row lock in the database (docs/domain.md, "Facts that span aggregates"), so it holds across
 * instances as within one.
 */
final class CeilingRace {

    static final String FORCE = "race-force";
    static final String MANDATE = "race-mandate";
    static final int CEILING = 1000;
    static final int EACH = 300;
    static final String[] NATIONS = CommandLoad.NATIONS;

    private final CommandLoad http;
    private final JdbcTemplate jdbc;

    CeilingRace(CommandLoad http, JdbcTemplate jdbc) {
        this.http = http;
        this.jdbc = jdbc;
    }

    /** The force, its mandate with a ceiling of 1,000, ROE, and six pledges of 300 each, offered and acknowledged. */
    void setUp() {
        require(http.send(0, "coordinator", "establish-force", "{\"forceId\":\"" + FORCE + "\",\"name\":\"Race force\","
                + "\"politicalAuthority\":\"Board of Peace\",\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\","
                + "\"plannedStrength\":3000,\"mandateId\":\"" + MANDATE + "\"}", null));
        require(http.send(1, "registrar", "authorize-mandate", "{\"mandateId\":\"" + MANDATE + "\",\"citation\":\"S/RES/9001 (2026)\","
                + "\"effectiveAt\":\"2026-01-05\",\"instrument\":{\"issuingBody\":\"UN_SECURITY_COUNCIL\",\"symbol\":\"S/RES/9001 (2026)\","
                + "\"adoptedOn\":\"2026-01-05\",\"vote\":{\"inFavour\":15,\"against\":0,\"abstentions\":0}},\"charterBasis\":\"NOT_STATED\","
                + "\"authorizedEntities\":[\"Race force\"],\"tasks\":[\"Protect civilians\"],\"useOfForce\":\"SELF_DEFENCE_ONLY\","
                + "\"troopCeiling\":" + CEILING + ",\"effectiveFrom\":\"2026-01-05\",\"expiresOn\":\"2030-12-31\"}", null));
        require(http.send(2, "coordinator", "issue-rules-of-engagement", "{\"forceId\":\"" + FORCE + "\",\"version\":1,"
                + "\"profileId\":\"RACE-ROE\",\"ruleNumbers\":[\"1.1\"],\"issuingAuthority\":\"Force Commander\","
                + "\"effectiveFrom\":\"2026-01-05\",\"useOfForce\":\"SELF_DEFENCE_ONLY\"}", null));
        for (int i = 0; i < NATIONS.length; i++) {
            String nation = NATIONS[i];
            require(http.send(i, liaison(nation), "join-force", "{\"contributionId\":\"" + contribution(nation) + "\",\"forceId\":\""
                    + FORCE + "\",\"nation\":\"" + nation + "\",\"units\":[{\"requirementLine\":\"infantry\",\"type\":\"Infantry\","
                    + "\"personnel\":" + EACH + "}],\"readiness\":\"L1\",\"conditions\":[],\"authorityOffered\":\"OPCON\"}", null));
            require(http.send(i + 1, liaison(nation), "acknowledge-rules-of-engagement",
                    "{\"contributionId\":\"" + contribution(nation) + "\",\"version\":1}", null));
        }
    }

    /** All six commitments released at once, the n-th to the n-th instance in turn; the answers in nation order. */
    List<Answer> race() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < NATIONS.length; i++) {
            String nation = NATIONS[i];
            int instance = i;
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return http.send(instance, liaison(nation), "commit-contribution",
                        "{\"contributionId\":\"" + contribution(nation) + "\",\"personnel\":" + EACH + "}", null);
            }));
        }
        start.countDown();
        List<Answer> result = new ArrayList<>();
        for (CompletableFuture<Answer> answer : answers) {
            result.add(answer.get());
        }
        return result;
    }

    /** Runs the race and asserts its outcome, in the answers and in the store. */
    void check() throws Exception {
        List<Answer> answers = race();
        long accepted = answers.stream().filter(a -> a.status() == 200).count();
        List<Answer> refused = answers.stream().filter(a -> a.status() != 200).toList();
        System.out.println("CLUSTER ceiling race: " + accepted + " commitments accepted, refused: "
                + refused.stream().map(a -> a.status() + " " + a.json().path("rule").asText()).toList());
        assertThat(accepted).as("three commitments of 300 fit under 1,000, a fourth does not: %s", answers).isEqualTo(CEILING / EACH);
        assertThat(refused).as("the others are refused by the ceiling").allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.body()).isEqualTo(422);
            assertThat(answer.json().path("rule").asText()).isEqualTo("CEILING_EXCEEDED");
        });
        Long committed = jdbc.queryForObject("SELECT coalesce(sum((convert_from(payload, 'UTF8')::jsonb ->> 'personnel')::int), 0) "
                + "FROM domain_event_entry WHERE payload_type LIKE '%.ContributionCommitted' "
                + "AND convert_from(payload, 'UTF8')::jsonb ->> 'forceId' = ?", Long.class, FORCE);
        assertThat(committed).as("personnel committed in the store").isEqualTo((long) (CEILING / EACH) * EACH).isLessThanOrEqualTo(CEILING);
    }

    static String liaison(String nation) {
        return "liaison-" + nation.toLowerCase();
    }

    static String contribution(String nation) {
        return "race-" + nation.toLowerCase();
    }

    private static void require(Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("set-up refused: " + answer.status() + " " + answer.body());
        }
    }
}
