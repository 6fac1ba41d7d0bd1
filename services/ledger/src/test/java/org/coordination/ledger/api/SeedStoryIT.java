package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The seed story (docs/domain.md, "The seed story": a coordination center and its leads, a force planned
 * before its mandate, conditional pledges made ready by the mandate, a host party's objection, ROE and a
 * transfer of authority, a capped humanitarian coalition with an exclusion, a successor appointed), end
 * to end through HTTP against the running service on a real PostgreSQL, asserting the read models after
 * each step, and the past as it stood.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.MethodName.class)
class SeedStoryIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    LedgerClient ledger;

    @BeforeEach
    void client() {
        ledger = new LedgerClient(port);
    }

    Answer ok(String user, String command, String body) {
        Answer answer = ledger.command(user, command, body);
        assertThat(answer.status()).as(command + " → " + answer).isEqualTo(200);
        return answer;
    }

    Answer refused(String user, String command, String body, String rule) {
        Answer answer = ledger.command(user, command, body);
        assertThat(answer.status()).as(command + " → " + answer).isEqualTo(422);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("rule").asText()).isEqualTo(rule);
        return answer;
    }

    static JsonNode row(JsonNode roster, String nation) {
        return StreamSupport.stream(roster.get("rows").spliterator(), false)
                .filter(r -> r.get("nation").asText().equals(nation)).findFirst().orElseThrow();
    }

    static String holder(JsonNode structure, String postId) {
        for (JsonNode post : structure.get("posts")) {
            if (post.get("postId").asText().equals(postId)) {
                return post.path("holder").path("name").asText(null);
            }
        }
        throw new AssertionError("no post " + postId);
    }

    @Test
    void theSeedStory() {
        // 1. the center, its leads and its staff
        ok("coordinator", "establish-command-structure", """
                {"structureId":"cmcc","name":"Civil-Military Coordination Center","leadNation":"USA","location":"Kiryat Gat",
                 "effectiveAt":"2025-10-17","citation":"Ceasefire agreement, 9 October 2025"}""");
        ok("coordinator", "establish-post", """
                {"structureId":"cmcc","postId":"military-lead","title":"Military lead","line":"MILITARY",
                 "appointingAuthority":"Secretary of War","eligibility":"MILITARY_ONLY","effectiveAt":"2025-10-17"}""");
        ok("coordinator", "establish-post", """
                {"structureId":"cmcc","postId":"civilian-lead","title":"Civilian lead","line":"CIVILIAN",
                 "appointingAuthority":"Secretary of State","eligibility":"CIVILIAN_ONLY","effectiveAt":"2025-10-17"}""");
        ok("coordinator", "appoint-lead", """
                {"structureId":"cmcc","postId":"military-lead","appointedBy":"Secretary of War","effectiveAt":"2025-10-17",
                 "appointee":{"name":"Brad Cooper","titleOrRank":"Admiral","nationality":"USA","parentOrganization":"U.S. Central Command","service":"MILITARY"}}""");
        refused("coordinator", "appoint-lead", """
                {"structureId":"cmcc","postId":"civilian-lead","appointedBy":"Secretary of War",
                 "appointee":{"name":"Steven Fagin","titleOrRank":"Ambassador","nationality":"USA","service":"CIVILIAN"}}""",
                "WRONG_APPOINTING_AUTHORITY");
        ok("coordinator", "appoint-lead", """
                {"structureId":"cmcc","postId":"civilian-lead","appointedBy":"Secretary of State","effectiveAt":"2025-10-24",
                 "citation":"State Department announcement, 24 October 2025",
                 "appointee":{"name":"Steven Fagin","titleOrRank":"Ambassador","nationality":"USA","parentOrganization":"Department of State","service":"CIVILIAN"}}""");
        ok("coordinator", "attach-staff", """
                {"structureId":"cmcc","nation":"USA","personnel":200,"role":"Center staff","effectiveAt":"2025-10-17"}""");
        for (String nation : List.of("CYP", "GRC", "FRA", "DEU", "AUS", "CAN")) {
            ok("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"" + nation + "\",\"personnel\":5,\"effectiveAt\":\"2025-10-20\"}");
        }
        JsonNode cmcc = ledger.await("viewer", "/api/v1/command-structures/cmcc", s -> s.get("staffTotal").asInt() == 230);
        assertThat(holder(cmcc, "military-lead")).isEqualTo("Brad Cooper");
        assertThat(holder(cmcc, "civilian-lead")).isEqualTo("Steven Fagin");
        assertThat(cmcc.get("staff").size()).isEqualTo(7);

        // 2. the force, planned before its mandate, and pledges waiting for the mandate
        ok("coordinator", "establish-force", """
                {"forceId":"isf","name":"International Stabilization Force","politicalAuthority":"Board of Peace","leadNation":"USA",
                 "commandModel":"LEAD_NATION","plannedStrength":20000,"mandateId":"gaza-isf-mandate","effectiveAt":"2025-10-20"}""");
        ok("coordinator", "define-force-requirement", """
                {"forceId":"isf","lineId":"infantry","capability":"Infantry battalions","personnel":12000,"sector":"Gaza"}""");
        ok("coordinator", "define-force-requirement", """
                {"forceId":"isf","lineId":"engineers","capability":"Engineers","personnel":3000,"sector":"Gaza"}""");
        for (String nation : List.of("IDN", "AZE", "QAT", "ARE", "TUR")) {
            String n = nation.toLowerCase();
            ok("liaison-" + n, "join-force", "{\"contributionId\":\"isf-" + n + "\",\"forceId\":\"isf\",\"nation\":\"" + nation + "\","
                    + "\"units\":[{\"requirementLine\":\"infantry\",\"type\":\"Infantry battalion\",\"personnel\":1000}],"
                    + "\"readiness\":\"L2\",\"conditions\":[{\"type\":\"MANDATE_REQUIRED\"}],\"authorityOffered\":\"OPCON\","
                    + "\"effectiveAt\":\"2025-11-01\"}");
        }
        JsonNode roster = ledger.await("viewer", "/api/v1/forces/isf/roster", r -> r.get("rows").size() == 5);
        assertThat(row(roster, "IDN").get("state").asText()).isEqualTo("CONDITIONAL");
        assertThat(roster.get("totals").get("offered").asInt()).isEqualTo(5000);
        assertThat(roster.get("requirementLines").get(0).get("gap").asInt()).isEqualTo(7000);

        // 3. the Security Council authorizes; the mandate policy makes the pledges ready to commit
        java.time.Instant beforeTheMandateWasRecorded = java.time.Instant.now();
        ok("registrar", "authorize-mandate", """
                {"mandateId":"gaza-isf-mandate","citation":"S/RES/2803 (2025)","effectiveAt":"2025-11-17",
                 "instrument":{"issuingBody":"UN_SECURITY_COUNCIL","symbol":"S/RES/2803 (2025)","adoptedOn":"2025-11-17",
                               "vote":{"inFavour":13,"against":0,"abstentions":2}},
                 "charterBasis":"NOT_STATED","authorizedEntities":["Board of Peace","International Stabilization Force"],
                 "tasks":["Secure borders","Protect civilians","Train Palestinian police"],
                 "useOfForce":"ALL_NECESSARY_MEASURES","troopCeiling":20000,"effectiveFrom":"2025-11-17","expiresOn":"2027-12-31"}""");
        roster = ledger.await("viewer", "/api/v1/forces/isf/roster",
                r -> StreamSupport.stream(r.get("rows").spliterator(), false).allMatch(p -> p.get("state").asText().equals("OFFERED")));
        assertThat(roster.get("totals").get("troopCeiling").asInt()).isEqualTo(20000);
        JsonNode mandate = ledger.await("viewer", "/api/v1/mandates/gaza-isf-mandate?asOf=2026-01-01", m -> true);
        assertThat(mandate.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(mandate.get("instruments").get(0).get("instrument").get("symbol").asText()).isEqualTo("S/RES/2803 (2025)");

        // 4. the host party objects to one contributor, whose pledge is blocked
        ok("coordinator", "open-consent-register", """
                {"registerId":"isf-isr","forceId":"isf","party":"ISR","partyRole":"HOST_STATE"}""");
        ok("party-isr", "grant-consent", """
                {"registerId":"isf-isr","scope":"Presence in the agreed zones","sofaReference":"SOFA-ISF-2025"}""");
        ok("party-isr", "object-to-contributor", """
                {"registerId":"isf-isr","nation":"TUR","reason":"Not acceptable to the host state","citation":"Note verbale 45/2025"}""");
        roster = ledger.await("viewer", "/api/v1/forces/isf/roster", r -> row(r, "TUR").get("blocked").asBoolean());
        assertThat(row(roster, "TUR").get("blockedBy").get(0).asText()).isEqualTo("ISR");
        JsonNode board = ledger.await("viewer", "/api/v1/forces/isf/consent-board", b -> true);
        assertThat(board.get("parties").get(0).get("nations").get("TUR").asText()).isEqualTo("OBJECTS");
        assertThat(board.get("parties").get(0).get("nations").get("IDN").asText()).isEqualTo("GRANTED");
        refused("liaison-tur", "acknowledge-rules-of-engagement", "{\"contributionId\":\"isf-tur\",\"version\":1}", "ROE_NOT_ISSUED");

        // 5. ROE; a contributor who has not acknowledged the current version cannot take part in a transfer of authority
        ok("coordinator", "establish-command-structure", """
                {"structureId":"isf-hq","name":"ISF Headquarters","leadNation":"USA","location":"Gaza"}""");
        ok("coordinator", "establish-post", """
                {"structureId":"isf-hq","postId":"sector-south","title":"Sector South","line":"MILITARY","appointingAuthority":"Force Commander"}""");
        ok("coordinator", "issue-rules-of-engagement", """
                {"forceId":"isf","version":1,"profileId":"ISF-ROE","ruleNumbers":["1.1","1.2","2.3"],"issuingAuthority":"Force Commander",
                 "effectiveFrom":"2025-12-01","useOfForce":"ALL_NECESSARY_MEASURES"}""");
        refused("liaison-idn", "commit-contribution", "{\"contributionId\":\"isf-idn\",\"personnel\":1000}", "ROE_ACKNOWLEDGEMENT_STALE");
        ok("liaison-idn", "acknowledge-rules-of-engagement", "{\"contributionId\":\"isf-idn\",\"version\":1}");
        ok("liaison-idn", "commit-contribution", "{\"contributionId\":\"isf-idn\",\"personnel\":1000}");
        // suspended while its caveat is reviewed: out of the ceiling figure, not deployable; resumed, committed again
        ok("liaison-idn", "declare-caveat", """
                {"contributionId":"isf-idn","caveatId":"no-night-ops","kind":"TIME","description":"No night operations"}""");
        ok("coordinator", "suspend-contribution", """
                {"contributionId":"isf-idn","reason":"Caveat under review","caveatId":"no-night-ops","citation":"FC directive 2025/12"}""");
        roster = ledger.await("viewer", "/api/v1/forces/isf/roster", r -> row(r, "IDN").get("state").asText().equals("SUSPENDED"));
        assertThat(row(roster, "IDN").get("suspension").get("caveatId").asText()).isEqualTo("no-night-ops");
        assertThat(row(roster, "IDN").get("suspension").get("suspendedFrom").asText()).isEqualTo("COMMITTED");
        assertThat(row(roster, "IDN").get("committedPersonnel").asInt()).as("the commitment is held").isEqualTo(1000);
        assertThat(roster.get("totals").get("committed").asInt()).as("but not counted").isZero();
        assertThat(roster.get("totals").get("remainingUnderCeiling").asInt()).isEqualTo(20000);
        refused("coordinator", "transfer-authority", """
                {"contributionId":"isf-idn","authority":"OPCON","structureId":"isf-hq","postId":"sector-south"}""", "CONTRIBUTION_SUSPENDED");
        ok("liaison-idn", "lift-caveat", "{\"contributionId\":\"isf-idn\",\"caveatId\":\"no-night-ops\"}");
        ok("coordinator", "resume-contribution", "{\"contributionId\":\"isf-idn\",\"reason\":\"Caveat review closed\"}");
        roster = ledger.await("viewer", "/api/v1/forces/isf/roster", r -> row(r, "IDN").get("state").asText().equals("COMMITTED"));
        assertThat(row(roster, "IDN").path("suspension").isMissingNode() || row(roster, "IDN").path("suspension").isNull())
                .as("no suspension once resumed").isTrue();
        assertThat(roster.get("totals").get("remainingUnderCeiling").asInt()).isEqualTo(19000);
        refused("liaison-tur", "commit-contribution", "{\"contributionId\":\"isf-tur\",\"personnel\":1000}", "CONTRIBUTOR_BLOCKED");
        ok("coordinator", "issue-rules-of-engagement", """
                {"forceId":"isf","version":2,"profileId":"ISF-ROE","ruleNumbers":["1.1","1.2","2.3","4.1"],"issuingAuthority":"Force Commander",
                 "effectiveFrom":"2026-01-15","useOfForce":"ALL_NECESSARY_MEASURES"}""");
        refused("coordinator", "transfer-authority", """
                {"contributionId":"isf-idn","authority":"OPCON","structureId":"isf-hq","postId":"sector-south"}""", "ROE_ACKNOWLEDGEMENT_STALE");
        JsonNode acknowledgements = ledger.await("viewer", "/api/v1/forces/isf/roe-acknowledgements", a -> a.get("currentVersion").asInt() == 2);
        assertThat(StreamSupport.stream(acknowledgements.get("acknowledgements").spliterator(), false)
                .filter(a -> a.get("nation").asText().equals("IDN")).findFirst().orElseThrow().get("status").asText()).isEqualTo("STALE");
        ok("liaison-idn", "acknowledge-rules-of-engagement", "{\"contributionId\":\"isf-idn\",\"version\":2}");
        ok("coordinator", "transfer-authority", """
                {"contributionId":"isf-idn","authority":"OPCON","structureId":"isf-hq","postId":"sector-south"}""");
        roster = ledger.await("viewer", "/api/v1/forces/isf/roster", r -> row(r, "IDN").get("state").asText().equals("DEPLOYED"));
        assertThat(roster.get("totals").get("deployed").asInt()).isEqualTo(1000);
        assertThat(roster.get("totals").get("remainingUnderCeiling").asInt()).isEqualTo(19000);
        // where the contingent was placed, in the roster and in the structure it was placed under
        JsonNode placed = row(roster, "IDN").get("placedUnder");
        assertThat(placed.get("structureId").asText()).isEqualTo("isf-hq");
        assertThat(placed.get("postId").asText()).isEqualTo("sector-south");
        assertThat(placed.get("authority").asText()).isEqualTo("OPCON");
        JsonNode contingents = ledger.get("viewer", "/api/v1/command-structures/isf-hq").json().get("contingents");
        assertThat(contingents).hasSize(1);
        assertThat(contingents.get(0).get("contributionId").asText()).isEqualTo("isf-idn");
        assertThat(contingents.get(0).get("postId").asText()).isEqualTo("sector-south");
        assertThat(contingents.get(0).get("authority").asText()).isEqualTo("OPCON");
        assertThat(contingents.get(0).get("deployedPersonnel").asInt()).isEqualTo(1000);
        JsonNode contingentsAsOfNow = ledger.get("viewer", "/api/v1/command-structures/isf-hq?asOf=" + java.time.Instant.now()).json()
                .get("contingents");
        assertThat(contingentsAsOfNow).as("the same contingent, folded from the events").isEqualTo(contingents);
        assertThat(ledger.get("viewer", "/api/v1/command-structures/isf-hq?asOf=2025-10-01").status())
                .as("before the structure existed").isEqualTo(404);

        // 6. a dozen organizations are admitted; one agency is excluded and its admission refused, on record
        ok("coordinator", "form-humanitarian-coalition", """
                {"coalitionId":"gaza-humanitarian","name":"Gaza humanitarian partners","coordinatingStructureId":"cmcc"}""");
        ok("coordinator", "exclude-organization", """
                {"coalitionId":"gaza-humanitarian","organizationId":"UNRWA","decidedBy":"Government of Israel",
                 "legalBasis":"Law to cease UNRWA operations (2024)","contraryAuthority":"ICJ advisory opinion of 22 October 2025"}""");
        List<String> agencies = List.of("WFP", "UNICEF", "WHO", "UNHCR", "OCHA", "UNFPA", "UNDP", "UNOPS", "FAO", "IOM", "UNMAS", "ICRC");
        for (String agency : agencies) {
            String type = agency.equals("ICRC") ? "RED_CROSS_RED_CRESCENT" : "UN_AGENCY";
            ok("coordinator", "admit-partner", "{\"coalitionId\":\"gaza-humanitarian\",\"organizationId\":\"" + agency + "\",\"name\":\""
                    + agency + "\",\"type\":\"" + type + "\",\"clusters\":[\"protection\"]}");
        }
        Answer denied = refused("coordinator", "admit-partner", """
                {"coalitionId":"gaza-humanitarian","organizationId":"UNRWA","name":"UNRWA","type":"UN_AGENCY"}""", "ORGANIZATION_EXCLUDED");
        assertThat(denied.json().get("events").get(0).get("type").asText()).isEqualTo("AdmissionDenied");
        refused("coordinator", "admit-partner", """
                {"coalitionId":"gaza-humanitarian","organizationId":"IFRC","name":"IFRC","type":"RED_CROSS_RED_CRESCENT"}""",
                "COALITION_CAP_REACHED");
        JsonNode coalition = ledger.await("viewer", "/api/v1/humanitarian-coalitions/gaza-humanitarian",
                c -> c.get("admissionsDenied").size() == 1);
        assertThat(coalition.get("capUsage").asText()).isEqualTo("12/12");
        assertThat(coalition.get("exclusions").get(0).get("contraryAuthority").asText()).isEqualTo("ICJ advisory opinion of 22 October 2025");

        // 7. a successor is appointed; the past still shows who led what
        ok("coordinator", "appoint-lead", """
                {"structureId":"cmcc","postId":"military-lead","appointedBy":"Secretary of War","effectiveAt":"2026-02-01",
                 "appointee":{"name":"Patrick Frank","titleOrRank":"Lieutenant General","nationality":"USA","service":"MILITARY"}}""");
        ledger.await("viewer", "/api/v1/command-structures/cmcc", s -> "Patrick Frank".equals(holder(s, "military-lead")));
        JsonNode before = ledger.get("viewer", "/api/v1/command-structures/cmcc?asOf=2025-12-01").json();
        assertThat(holder(before, "military-lead")).isEqualTo("Brad Cooper");
        assertThat(holder(before, "civilian-lead")).isEqualTo("Steven Fagin");
        JsonNode earlier = ledger.get("viewer", "/api/v1/command-structures/cmcc?asOf=2025-10-20").json();
        assertThat(holder(earlier, "civilian-lead")).as("appointed on 24 October").isNull();
        JsonNode rosterBeforeMandate = ledger.get("viewer", "/api/v1/forces/isf/roster?asOf=2025-11-10").json();
        assertThat(row(rosterBeforeMandate, "IDN").get("state").asText()).isEqualTo("CONDITIONAL");
        // what the ledger said before it learned of the resolution: no mandate, every pledge waiting
        JsonNode whatTheLedgerSaid = ledger.get("viewer", "/api/v1/forces/isf/roster?recordedAsOf=" + beforeTheMandateWasRecorded).json();
        assertThat(whatTheLedgerSaid.get("rows")).allSatisfy(r -> assertThat(r.get("state").asText()).isEqualTo("CONDITIONAL"));
        assertThat(whatTheLedgerSaid.get("totals").has("troopCeiling")).as("no mandate known, no ceiling").isFalse();
        assertThat(ledger.get("viewer", "/api/v1/mandates/gaza-isf-mandate?recordedAsOf=" + beforeTheMandateWasRecorded).status())
                .isEqualTo(404);

        // a command on an aggregate that does not exist
        Answer missing = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"no-such-center\",\"nation\":\"USA\",\"personnel\":1}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");

        // the timeline tells it in effective-time order, with actor and citation
        JsonNode timeline = ledger.get("viewer", "/api/v1/timeline?aggregateId=gaza-isf-mandate").json();
        assertThat(timeline.get("entries").get(0).get("type").asText()).isEqualTo("MandateAuthorized");
        assertThat(timeline.get("entries").get(0).get("principal").asText()).isEqualTo("registrar");
        assertThat(timeline.get("entries").get(0).get("citation").asText()).isEqualTo("S/RES/2803 (2025)");
        assertThat(timeline.get("entries").get(0).get("payload").get("mandateId").asText())
                .as("the event's payload, read from the event itself").isEqualTo("gaza-isf-mandate");

        // a day as from and to is that whole day: from its first instant (the mandate was authorized effective at its midnight)
        JsonNode thatDay = ledger.get("viewer", "/api/v1/timeline?aggregateId=gaza-isf-mandate&from=2025-11-17&to=2025-11-17").json();
        assertThat(thatDay.get("entries")).isNotEmpty();
        assertThat(thatDay.get("entries").get(0).get("type").asText()).isEqualTo("MandateAuthorized");
        thatDay.get("entries").forEach(entry -> assertThat(entry.get("effectiveAt").asText()).startsWith("2025-11-17T"));
        LedgerClient.Answer reversed = ledger.get("viewer", "/api/v1/timeline?aggregateId=gaza-isf-mandate&from=2025-11-18&to=2025-11-17");
        assertThat(reversed.status()).as(reversed.toString()).isEqualTo(400);
        assertThat(reversed.json().get("errors").get(0).get("field").asText()).isEqualTo("from");
    }
}
