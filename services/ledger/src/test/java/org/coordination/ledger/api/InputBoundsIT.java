package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.structure.AttachStaff;
import org.coordination.ledger.provenance.Provenance;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.RawHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Inputs that were accepted and stored wrongly: bytes that are not UTF-8 read as letters, counts of people that
 * wrapped round an int, and citations of nothing but invisible characters. Each is now refused, naming the field and
 * the rule, and writes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputBoundsIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    LedgerClient ledger;

    @BeforeAll
    void ledgerWithACommandStructure() {
        ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
    }

    long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    LedgerClient.Answer attachStaff(byte[] body) {
        return ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/commands/attach-staff")).header("Authorization", LedgerClient.basic("coordinator"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static byte[] bytes(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static void assertRefused(LedgerClient.Answer answer, int status, String field, String rule) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(answer.json().get("errors").get(0).get("field").asText()).as(answer.toString()).isEqualTo(field);
            assertThat(answer.json().get("errors").get(0).get("message").asText()).as(answer.toString()).contains(rule);
        } else {
            assertThat(answer.json().get("rule").asText()).as(answer.toString()).isEqualTo(rule);
        }
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedWhereJacksonHadReadLetters() {
        long before = events();
        // overlong forms of 'A', '/' and '"', a UTF-8-encoded surrogate, a code point above U+10FFFF, a sequence cut short
        for (byte[] bad : List.of(new byte[] {(byte) 0xC1, (byte) 0x81}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82})) {
            assertRefused(attachStaff(bytes("{\"structureId\":\"cmcc\",\"nation\":\"US", bad, "\",\"personnel\":1}")), 400, "body", "not UTF-8");
            assertRefused(attachStaff(bytes("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1,\"role\":\"a", bad, "b\"}")), 400, "body", "not UTF-8");
        }
        assertRefused(attachStaff("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}".getBytes(StandardCharsets.UTF_16)), 400, "body", "not UTF-8");
        // without a byte order mark, UTF-16 is well-formed UTF-8 full of NUL bytes, which Jackson had detected and read
        assertRefused(attachStaff("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}".getBytes(StandardCharsets.UTF_16LE)), 400, "body", "not UTF-8");
        assertRefused(attachStaff("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}".getBytes(java.nio.charset.Charset.forName("UTF-32BE"))), 400, "body", "not UTF-8");
        assertThat(events()).as("nothing refused is written").isEqualTo(before);
        // well-formed UTF-8 of every length still goes through: é, €, 𝄞
        LedgerClient.Answer accepted = attachStaff("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1,\"role\":\"é € 𝄞\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    }

    @Test
    void theReplaysBodyIsUtf8Too() {
        for (byte[] body : List.of(bytes("{\"projections\":[\"", new byte[] {(byte) 0xC1, (byte) 0x81}, "\"]}"),
                "{\"projections\":[\"all\"]}".getBytes(StandardCharsets.UTF_16LE))) {
            LedgerClient.Answer answer = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/replays"))
                    .header("Authorization", LedgerClient.basic("auditor")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            assertRefused(answer, 400, "body", "not UTF-8");
        }
    }

    /** The container drops a parameter it cannot decode, and the read went on without it. */
    @Test
    void aQueryParameterThatIsNotPercentEncodedIsRefused() {
        for (String query : List.of("limit=%zz", "after=%", "cursor=%%%")) {
            // raw: java.net.URI refuses to build such a request
            RawHttp.Response answer = RawHttp.exchange(port, "GET /api/v1/audit/events?" + query + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\nAuthorization: " + LedgerClient.basic("auditor") + "\r\n", new byte[0]);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.isProblem()).as(answer.toString()).isTrue();
            assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo(query.substring(0, query.indexOf('=')));
            assertThat(answer.json().get("errors").get(0).get("message").asText()).contains("percent-encoded");
        }
    }

    /** Spring MVC binds the first of several values: {@code limit=1&limit=500} was a page of one. */
    @Test
    void aQueryParameterGivenTwiceIsRefused() {
        LedgerClient.Answer answer = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/events?limit=1&after=0&limit=500"))
                .header("Authorization", LedgerClient.basic("auditor")).GET().build());
        assertRefused(answer, 400, "limit", "must be given once");

        // the path as Spring MVC routes it: /%61pi/ is /api/ decoded, and went past a check of the raw path with a 200
        LedgerClient.Answer encoded = ledger.raw(HttpRequest.newBuilder(ledger.uri("/%61pi/v1/audit/events?limit=1&after=0&limit=500"))
                .header("Authorization", LedgerClient.basic("auditor")).GET().build());
        assertRefused(encoded, 400, "limit", "must be given once");

        LedgerClient.Answer once = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/events?limit=1&after=0"))
                .header("Authorization", LedgerClient.basic("auditor")).GET().build());
        assertThat(once.status()).as(once.toString()).isEqualTo(200);
    }

    /** The container drops a parameter without a name ({@code ?=x}): the read went on as if it had not been sent. */
    @Test
    void aQueryParameterWithoutANameIsRefused() {
        LedgerClient.Answer unnamed = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/timeline?=x&limit=1"))
                .header("Authorization", LedgerClient.basic("viewer")).GET().build());
        assertRefused(unnamed, 400, "(unnamed)", "without a name");
        LedgerClient.Answer emptyPairs = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/timeline?limit=1&&"))
                .header("Authorization", LedgerClient.basic("viewer")).GET().build());
        assertThat(emptyPairs.status()).as("empty pairs name nothing and carry nothing: " + emptyPairs).isEqualTo(200);
    }

    @Test
    void countsOfPeopleStayWithinTheLedgersBound() {
        long before = events();
        assertRefused(attachStaff("{\"structureId\":\"cmcc\",\"nation\":\"NZL\",\"personnel\":2147483647}".getBytes(StandardCharsets.UTF_8)),
                400, "personnel", "1000000");
        assertThat(attachStaff("{\"structureId\":\"cmcc\",\"nation\":\"NZL\",\"personnel\":1000000}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertRefused(attachStaff("{\"structureId\":\"cmcc\",\"nation\":\"NZL\",\"personnel\":1}".getBytes(StandardCharsets.UTF_8)),
                422, null, "PERSONNEL_LIMIT_EXCEEDED");
        assertThat(events()).as("only the attachment within the bound is written").isEqualTo(before + 1);
    }

    @Test
    void aCitationOfOnlyInvisibleCharactersIsBlank() {
        long before = events();
        for (String invisible : List.of("\\u00a0", "\\u200b", "\\ufeff", "\\u2003 \\u200e", "\\u3164\\u3164", "\\u115f", "\\u034f")) {
            assertRefused(attachStaff(("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1,\"citation\":\"" + invisible + "\"}")
                    .getBytes(StandardCharsets.UTF_8)), 400, "citation", "non-blank");
            // and the contract's @NotBlank fields read blank the same way
            assertRefused(ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"cmcc-" + before + "\",\"name\":\""
                    + invisible + "\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}"), 400, "name", "blank");
        }
        assertThat(events()).as("nothing refused is written").isEqualTo(before);
    }

    /** The nation's shape was all that was checked: ZZZ, a code ISO 3166-1 keeps for users' own use, became a contributor. */
    @Test
    void aCommandNamesOnlyNationsIsoHasAssigned() {
        long before = events();
        for (String code : List.of("ZZZ", "AAA", "QMA", "XAA", "YUG")) {
            assertRefused(attachStaff(("{\"structureId\":\"cmcc\",\"nation\":\"" + code + "\",\"personnel\":1}").getBytes(StandardCharsets.UTF_8)),
                    400, "nation", "assigned");
            assertRefused(ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"cmcc-zzz\",\"name\":\"Center\","
                    + "\"leadNation\":\"" + code + "\",\"location\":\"Kiryat Gat\"}"), 400, "leadNation", "assigned");
            assertRefused(ledger.command("coordinator", "appoint-lead", "{\"structureId\":\"cmcc\",\"postId\":\"civilian-lead\","
                    + "\"appointedBy\":\"Board of Peace\",\"appointee\":{\"name\":\"Envoy\",\"titleOrRank\":\"Ambassador\","
                    + "\"nationality\":\"" + code + "\",\"service\":\"CIVILIAN\"}}"), 400, "appointee.nationality", "assigned");
        }
        assertThat(events()).as("nothing refused is written").isEqualTo(before);
        // assigned codes, and Kosovo's XKX, which ISO has not assigned, go through
        for (String code : List.of("PSE", "SSD", "XKX")) {
            LedgerClient.Answer accepted = attachStaff(("{\"structureId\":\"cmcc\",\"nation\":\"" + code + "\",\"personnel\":1}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        }
    }

    /**
     * Staff recorded under a code before commands were held to ISO's list (here sent past the HTTP reader, as it was
     * accepted then) can still be detached: a nation that points at what is recorded is held to the shape only.
     */
    @Test
    void aNationThatPointsAtWhatIsRecordedIsHeldToTheShapeOnly() {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new AttachStaff(StructureId.of("cmcc"), Nation.of("ZZZ"), 5, "Liaison"))
                .andMetaData(Map.of(Provenance.PRINCIPAL, "coordinator", Provenance.ROLE, "COORDINATOR")));
        long before = events();
        LedgerClient.Answer detached = ledger.command("coordinator", "detach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"ZZZ\",\"personnel\":5}");
        assertThat(detached.status()).as(detached.toString()).isEqualTo(200);
        assertThat(events()).isEqualTo(before + 1);
        // and the shape is still checked there (the rule without "assigned")
        LedgerClient.Answer badShape = ledger.command("coordinator", "detach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"Z1Z\",\"personnel\":5}");
        assertRefused(badShape, 400, "nation", "ISO 3166-1 alpha-3");
        assertThat(badShape.json().get("errors").get(0).get("message").asText()).doesNotContain("assigned");
        // an objection to withdraw is read the same way: the reader lets ZZZ through, and the register's absence answers
        LedgerClient.Answer withdrawn = ledger.command("party-isr", "withdraw-objection", "{\"registerId\":\"nowhere\",\"nation\":\"ZZZ\"}");
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(404);
    }

    static String mandate(String id, String expiresOn) {
        return "{\"mandateId\":\"" + id + "\",\"instrument\":{\"issuingBody\":\"UN_SECURITY_COUNCIL\",\"symbol\":\"S/RES/9001 (2026)\","
                + "\"adoptedOn\":\"2026-01-05\",\"vote\":{\"inFavour\":15,\"against\":0,\"abstentions\":0}},\"charterBasis\":\"NOT_STATED\","
                + "\"authorizedEntities\":[\"A force\"],\"tasks\":[\"Protect civilians\"],\"useOfForce\":\"SELF_DEFENCE_ONLY\","
                + "\"troopCeiling\":1000,\"effectiveFrom\":\"2026-01-05\",\"expiresOn\":" + expiresOn + "}";
    }

    /**
     * Jackson's own date reader took a number as days since 1970, an array as year, month and day, and a date-time as its
     * date: a command recorded a date the client may not have written. A date is an ISO-8601 string and nothing else.
     */
    @Test
    void aDateIsAnIsoStringOnly() {
        long before = events();
        for (String notADate : List.of("21870", "[2029,11,17]", "[]", "\"2029-11-17T23:59:59Z\"", "\"20291117\"", "\"2029-11-17 \"",
                "true", "{\"year\":2029}", "\"+12029-11-17\"")) {
            assertRefused(ledger.command("registrar", "authorize-mandate", mandate("m-dates", notADate)), 400, "expiresOn",
                    "must be an ISO-8601 date");
        }
        assertThat(events()).as("nothing refused is written").isEqualTo(before);
        LedgerClient.Answer accepted = ledger.command("registrar", "authorize-mandate", mandate("m-dates", "\"2029-11-17\""));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    }

    /**
     * PostgreSQL keeps microseconds: a finer effective time was kept by the event and rounded in the timeline, up to the
     * year 10000 at the calendar's end, whose cursor the API then refused.
     */
    @Test
    void anEffectiveTimeIsKeptToTheMicrosecond() {
        long before = events();
        for (String tooFine : List.of("2027-01-05T10:00:00.0000001Z", "9999-12-31T23:59:59.9999999Z", "2027-01-05T10:00:00.123456789Z")) {
            assertRefused(attachStaff(("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1,\"effectiveAt\":\"" + tooFine + "\"}")
                    .getBytes(StandardCharsets.UTF_8)), 400, "effectiveAt", "to the microsecond at most");
        }
        assertThat(events()).as("nothing refused is written").isEqualTo(before);
        for (String fine : List.of("2027-01-05T10:00:00.123456Z", "2027-01-05T10:00:00.123456000Z")) {
            LedgerClient.Answer accepted = attachStaff(("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1,\"effectiveAt\":\""
                    + fine + "\"}").getBytes(StandardCharsets.UTF_8));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        }
    }

    /** A misspelt parameter was ignored: {@code asof=} answered today's state as if it were the view as of that day. */
    @Test
    void aQueryParameterTheRequestDoesNotTakeIsRefusedNamingIt() {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("/api/v1/command-structures/cmcc?asof=2025-12-01", "asof");
        refused.put("/api/v1/timeline?aggregateid=cmcc", "aggregateid");
        refused.put("/api/v1/alerts?recordedAsOf=2025-11-18T08:00:00Z", "recordedAsOf");
        refused.put("/api/v1/audit/events?minPosition=1", "minPosition");
        refused.put("/api/v1/me?x=1", "x");
        for (Map.Entry<String, String> read : refused.entrySet()) {
            LedgerClient.Answer answer = ledger.get("auditor", read.getKey());
            assertRefused(answer, 400, read.getValue(), "is not a parameter of this request");
        }
        long before = events();
        LedgerClient.Answer command = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/commands/attach-staff?dryRun=true"))
                .header("Authorization", LedgerClient.basic("coordinator")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}")).build());
        assertRefused(command, 400, "dryRun", "it takes none");
        assertThat(events()).as("nothing refused is written").isEqualTo(before);
        // the parameters each request takes still go through, minPosition on the reads among them
        for (String read : List.of("/api/v1/command-structures/cmcc?asOf=2030-01-01&recordedAsOf=2030-01-01T00:00:00Z&minPosition=1",
                "/api/v1/timeline?aggregateId=cmcc&from=2025-01-01&to=2030-01-01&limit=5", "/api/v1/alerts?asOf=2026-01-01&includeClosed=true",
                "/api/v1/audit/events?after=0&limit=1")) {
            LedgerClient.Answer answer = ledger.get("auditor", read);
            assertThat(answer.status()).as(read + " " + answer).isEqualTo(200);
        }
    }

    /** If-Match compares entity tags strongly (RFC 9110): a weak tag matches no version, and a tag's quotes are not optional. */
    @Test
    void ifMatchIsAStrongQuotedEntityTag() {
        long before = events();
        String staff = "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}";
        long version = jdbc.queryForObject("SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = 'cmcc' "
                + "AND type = 'CommandStructure'", Long.class);
        LedgerClient.Answer weak = ledger.command("coordinator", "attach-staff", staff, Map.of("If-Match", "W/\"" + version + "\""));
        assertThat(weak.status()).as(weak.toString()).isEqualTo(412);
        assertThat(weak.json().get("type").asText()).endsWith("version-mismatch");
        for (String malformed : List.of(String.valueOf(version), "\"" + version, version + "\"")) {
            assertRefused(ledger.command("coordinator", "attach-staff", staff, Map.of("If-Match", malformed)), 400, "If-Match", "entity tag");
        }
        assertThat(events()).as("nothing refused is written").isEqualTo(before);
        LedgerClient.Answer strong = ledger.command("coordinator", "attach-staff", staff, Map.of("If-Match", "\"" + version + "\""));
        assertThat(strong.status()).as(strong.toString()).isEqualTo(200);
    }
}
