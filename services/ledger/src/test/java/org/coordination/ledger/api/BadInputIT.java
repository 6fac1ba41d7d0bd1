package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.coordination.ledger.web.CommandCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Hundreds of generated malformed requests: random JSON, wrong types, huge strings, invalid UTF-8,
 * wrong content types, unknown commands. None may get a 5xx, every refusal is a problem document, and
 * none may write an event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    /** A fixed seed: a failure can be replayed. */
    static final long SEED = 20261125L;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    LedgerClient ledger;

    @BeforeEach
    void client() {
        ledger = new LedgerClient(port);
    }

    long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    static final String VALID_APPOINTMENT = """
            {"structureId":"cmcc","postId":"military-lead","appointedBy":"Secretary of War",
             "appointee":{"name":"Brad Cooper","titleOrRank":"Admiral","nationality":"USA","service":"MILITARY"}}""";

    @Test
    void hundredsOfMalformedRequestsGetClearRefusalsAndWriteNothing() {
        Random random = new Random(SEED);
        List<String> bodies = new ArrayList<>();
        // structurally broken JSON
        bodies.addAll(List.of("", " ", "{", "}", "[]", "null", "true", "42", "\"text\"", "{\"a\":}", "{'single':'quotes'}",
                "{\"structureId\":\"cmcc\",}", "{\"structureId\":\"cmcc\"} trailing", "{\"structureId\":\"cmcc\",\"structureId\":\"x\"}",
                "{\"a\":1}{\"b\":2}", "\u0000", "{\"structureId\":\"cm\\uZZZZ\"}"));
        // each field of a valid command set to a wrong type, null, a huge string, an illegal id
        String[] fields = {"structureId", "postId", "appointedBy", "appointee", "acceptedBy", "effectiveAt", "citation"};
        Object[] wrongValues = {null, 42, -1, 3.5, true, "[]", "{}", "\"\"", "\"   \"", "\"" + "x".repeat(5000) + "\"",
                "\"CMCC\"", "\"../../etc/passwd\"", "\"drop table;\"", "\"2025-13-45\"", "\"\\u202e\"", "[1,2,3]"};
        for (String field : fields) {
            for (Object value : wrongValues) {
                String replacement = value == null ? "null" : value instanceof String s && (s.startsWith("\"") || s.startsWith("[")
                        || s.startsWith("{")) ? s : String.valueOf(value);
                bodies.add(replace(VALID_APPOINTMENT, field, replacement));
            }
        }
        // unknown fields, missing fields, nested garbage
        bodies.add(VALID_APPOINTMENT.replace("}}", "},\"unexpected\":1}"));
        bodies.add("{\"structureId\":\"cmcc\"}");
        bodies.add(VALID_APPOINTMENT.replace("\"service\":\"MILITARY\"", "\"service\":\"NAVY\""));
        bodies.add(VALID_APPOINTMENT.replace("\"nationality\":\"USA\"", "\"nationality\":\"United States\""));
        bodies.add(VALID_APPOINTMENT.replace("\"nationality\":\"USA\"", "\"nationality\":7"));
        // random JSON documents
        for (int i = 0; i < 150; i++) {
            bodies.add(randomJson(random, 0));
        }
        long before = events();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (String body : bodies) {
            Answer answer = ledger.command("coordinator", "appoint-lead", body);
            sent++;
            check(answer, body, failures);
        }
        // the same bodies against other commands
        List<String> commands = CommandCatalog.names();
        for (int i = 0; i < 120; i++) {
            String command = commands.get(random.nextInt(commands.size()));
            String body = randomJson(random, 0);
            Answer answer = ledger.command(command.contains("mandate") ? "registrar" : "coordinator", command, body);
            sent++;
            check(answer, command + " " + body, failures);
        }
        // invalid UTF-8, wrong content types, unknown commands, oversized bodies
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            garbage[0] = (byte) 0xC3; // a lead byte whose continuation is missing or random
            Answer answer = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/commands/appoint-lead"))
                    .header("Authorization", LedgerClient.basic("coordinator")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(garbage)).build());
            sent++;
            check(answer, "invalid UTF-8", failures);
        }
        for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                "not a media type", "application/json-patch+json")) {
            Answer answer = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/commands/appoint-lead"))
                    .header("Authorization", LedgerClient.basic("coordinator")).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString(VALID_APPOINTMENT)).build());
            sent++;
            check(answer, "Content-Type " + type, failures);
        }
        for (String command : List.of("appointlead", "AppointLead", "satisfy-condition", "block-contribution", "../admin", "x".repeat(300))) {
            Answer answer = ledger.command("coordinator", command, VALID_APPOINTMENT);
            sent++;
            check(answer, "command " + command, failures);
        }
        Answer huge = ledger.command("coordinator", "appoint-lead",
                "{\"structureId\":\"" + "a".repeat(200_000) + "\"}");
        sent++;
        check(huge, "200 kB body", failures);
        assertThat(huge.status()).isEqualTo(413);

        assertThat(sent).isGreaterThan(300);
        assertThat(failures).isEmpty();
        assertThat(events()).as("no malformed request wrote an event").isEqualTo(before);
    }

    @Test
    void refusalsNameTheFieldAndTheRule() {
        Answer wrongType = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":\"12\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").get(0).get("field").asText()).isEqualTo("personnel");

        Answer badEnum = ledger.command("coordinator", "establish-post",
                "{\"structureId\":\"cmcc\",\"postId\":\"p\",\"title\":\"t\",\"line\":\"NAVAL\",\"appointingAuthority\":\"a\"}");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.json().get("errors").get(0).get("field").asText()).isEqualTo("line");
        assertThat(badEnum.json().get("errors").get(0).get("message").asText()).contains("MILITARY", "CIVILIAN");

        Answer badId = ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"CMCC HQ\",\"name\":\"n\",\"leadNation\":\"USA\",\"location\":\"l\"}");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("errors").get(0).get("field").asText()).isEqualTo("structureId");
        assertThat(badId.json().get("errors").get(0).get("message").asText()).contains("lower-case letters, digits and dashes");

        Answer badDate = ledger.command("registrar", "end-mandate",
                "{\"mandateId\":\"m\",\"reason\":\"EXPIRED\",\"endedOn\":\"31/12/2027\"}");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("errors").get(0).get("field").asText()).isEqualTo("endedOn");

        Answer missing = ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"cmcc\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors")).extracting(e -> e.get("field").asText()).contains("name", "leadNation", "location");

        Answer nested = ledger.command("coordinator", "appoint-lead", VALID_APPOINTMENT.replace("\"nationality\":\"USA\"", "\"nationality\":\"usa\""));
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.json().get("errors").get(0).get("field").asText()).isEqualTo("appointee.nationality");

        Answer unknown = ledger.command("coordinator", "promote-everyone", "{}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("command");
    }

    private static void check(Answer answer, String what, List<String> failures) {
        boolean problem = answer.header("Content-Type") != null && answer.header("Content-Type").startsWith("application/problem+json");
        if (answer.status() >= 500 || answer.status() < 400 || !problem) {
            failures.add(answer.status() + " for " + abbreviate(what) + " → " + abbreviate(answer.body()));
        }
    }

    private static String replace(String json, String field, String value) {
        if (field.equals("effectiveAt") || field.equals("citation") || field.equals("acceptedBy")) {
            return json.replaceFirst("\\{", "{\"" + field + "\":" + value + ",");
        }
        if (field.equals("appointee")) {
            return json.replaceFirst("\"appointee\":\\{[^}]*}", "\"appointee\":" + value);
        }
        return json.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":" + value);
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    /** Random JSON: objects, arrays and scalars of random shapes, with field names from the API and not. */
    static String randomJson(Random random, int depth) {
        String[] names = {"structureId", "forceId", "mandateId", "contributionId", "nation", "personnel", "units", "instrument",
                "appointee", "version", "type", "x", "", "\u00e9t\u00e9", "__proto__"};
        int kind = depth > 3 ? 3 + random.nextInt(4) : random.nextInt(7);
        switch (kind) {
            case 0, 1: {
                StringBuilder object = new StringBuilder("{");
                int fields = random.nextInt(6);
                for (int i = 0; i < fields; i++) {
                    if (i > 0) {
                        object.append(',');
                    }
                    object.append('"').append(names[random.nextInt(names.length)]).append("\":").append(randomJson(random, depth + 1));
                }
                return object.append('}').toString();
            }
            case 2: {
                StringBuilder array = new StringBuilder("[");
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    if (i > 0) {
                        array.append(',');
                    }
                    array.append(randomJson(random, depth + 1));
                }
                return array.append(']').toString();
            }
            case 3:
                return String.valueOf(random.nextInt() * (random.nextBoolean() ? 1L : 1_000_000_000_000L));
            case 4:
                return random.nextBoolean() ? "true" : "null";
            case 5: {
                byte[] bytes = new byte[random.nextInt(40)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (32 + random.nextInt(90));
                }
                return "\"" + new String(bytes, StandardCharsets.US_ASCII).replace("\\", "").replace("\"", "") + "\"";
            }
            default:
                return String.valueOf(random.nextDouble() * 1e12);
        }
    }
}
