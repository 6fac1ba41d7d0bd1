package org.coordination.ledger.api;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.coordination.ledger.security.Role;
import org.coordination.ledger.web.CommandCatalog;

/**
 * The generator behind {@link HostileInputIT}: from one seeded {@link Random}, requests that must be
 * refused (each carries at least one flaw that the API refuses whoever sends it) and, for the baseline,
 * requests that must be accepted. Every request is described completely by its {@link Case}, so a failure
 * can be read off the report and replayed with the same seed.
 */
final class HostileRequests {

    /** What the answer must be. */
    enum Expect {
        /** 4xx: the request carries a flaw */
        REFUSED,
        /** 2xx: a valid request of the baseline */
        ACCEPTED,
        /** exactly this 5xx, which HTTP prescribes for the message (unknown transfer coding, CONNECT, HTTP version) */
        PROTOCOL
    }

    /**
     * One request. Either {@code raw} bytes for a socket (what java.net.http will not send), or a method,
     * path, headers and body for the HTTP client.
     */
    record Case(int index, String category, String caller, String method, String path, Map<String, String> headers, byte[] body,
                byte[] raw, Expect expect, int protocolStatus) {

        boolean isRaw() {
            return raw != null;
        }

        Case expecting(int status) {
            return new Case(index, category, caller, method, path, headers, body, raw, Expect.PROTOCOL, status);
        }

        String describe() {
            String text = isRaw() ? new String(raw, 0, Math.min(raw.length, 600), StandardCharsets.ISO_8859_1)
                    : method + " " + path + " " + headers + " "
                    + new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
            return "#" + index + " [" + category + ", " + caller + "] " + printable(text);
        }
    }

    /** A caller: its Authorization header (none for anonymous) and its role, for choosing who may not. */
    record Caller(String name, String authorization, Role role) {
    }

    static final List<Caller> CALLERS = new ArrayList<>();
    static final Map<Role, Caller> BY_ROLE = new LinkedHashMap<>();

    static {
        for (String user : List.of("coordinator", "registrar", "auditor", "viewer", "operator")) {
            add(new Caller(user, basic(user, user), Role.valueOf(user.toUpperCase())));
        }
        for (String nation : List.of("idn", "usa", "tur", "qat", "are", "aze", "pak")) {
            add(new Caller("liaison-" + nation, basic("liaison-" + nation, "liaison-" + nation), Role.LIAISON));
        }
        for (String party : List.of("isr", "pse", "egy")) {
            add(new Caller("party-" + party, basic("party-" + party, "party-" + party), Role.PARTY));
        }
        CALLERS.add(new Caller("anonymous", null, null));
        CALLERS.add(new Caller("wrong-password", basic("coordinator", "wrong"), null));
        CALLERS.add(new Caller("unknown-user", basic("nobody", "nobody"), null));
        CALLERS.add(new Caller("garbage-basic", "Basic !!!not-base64", null));
        CALLERS.add(new Caller("basic-without-colon", "Basic " + Base64.getEncoder().encodeToString("coordinator".getBytes()), null));
        CALLERS.add(new Caller("bearer-in-default-profile", "Bearer eyJhbGciOiJub25lIn0.e30.", null));
    }

    private static void add(Caller caller) {
        CALLERS.add(caller);
        BY_ROLE.putIfAbsent(caller.role(), caller); // liaison-idn and party-isr own the example bodies' pledge and register
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** Writes lone surrogates as \\uD800 escapes instead of failing on them. */
    static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    static final Map<String, ObjectNode> EXAMPLES = examples();
    static final List<String> COMMANDS = List.copyOf(EXAMPLES.keySet());

    static final Set<String> ENUM_FIELDS = Set.of("line", "eligibility", "service", "readiness", "authorityOffered", "authority",
            "charterBasis", "useOfForce", "reason", "kind", "type", "result", "issuingBody", "partyRole", "commandModel");
    static final Pattern ENUM_VALUE = Pattern.compile("^[A-Z][A-Z0-9_]*$");
    static final Pattern DATE_FIELD = Pattern.compile(".*(On|From|Until)$");
    static final String[] ID_POISON = {"\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "é", "İ", "ß", "中", "😀", "\u202e", "\u200b",
        " ", "/", "../", "%2e", "\t", "A", "."};
    static final String[] TEXT_POISON = {"\u0000", "\u0001", "\u0007", "\u0008", "\u001b[31m", "\u007f", "\u0085", "\u009b", "\ud800",
        "\udc00", "x\ud83d"};
    static final String[] BAD_DATES = {"2025-13-45", "31/12/2027", "+99999999-12-31", "0000-00-00", "2025-02-30", "tomorrow", "", "2025-1-1",
        "-0001-01-01"};
    static final String[] BAD_INSTANTS = {"yesterday", "2025-10-17T25:00:00Z", "+1000000000-01-01T00:00:00Z", "-0001-01-01", "2025-10-17 09:00",
        "10/17/2025", "", "+10000-01-01T00:00:00Z"};
    static final String[] WRONG_CONTENT_TYPES = {"text/plain", "application/xml", "*/*", "application/*", "application/*+json", "text/*",
        "not a media type", "application/json; charset=bogus-9", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
        "application/problem+json", "application/json-patch+json", "*/json", "image/png"};
    static final String[] BAD_IF_MATCH = {"abc", "\"\"", "*", "W/\"x\"", "\"1\", \"2\"", "\"-1\"", "\"99999999999999999999\"", "\"1.5\"",
        "1 2", "\"", "'3'", "0x10", "\"3\"\"", "W/"};
    static final String[] BAD_KEYS = {"a b", "a/b", "key@x", "x".repeat(129), "a;b", "\"quoted\"", "{}", "a,b", "k=v", "a+b", "(x)"};
    /** UTF-8 bytes whose ISO-8859-1 reading holds a control character (0x80-0x9F), or C0/DEL bytes themselves. */
    static final String[] CONTROL_HEADER_VALUES = {"€", "\u0085", "…", "\u2028", "trace-€-1", "\u0001", "\u001b[0m", "a\u007fb", "\u0000",
        "ok\u0008", "\u009b"};
    static final String[] HEADERS_TO_POISON = {"Idempotency-Key", "If-Match", "X-Request-Id", "User-Agent", "Accept", "Authorization",
        "Content-Type", "Accept-Language", "X-Forwarded-For", "Cookie", "Origin"};
    // not OPTIONS: any authenticated caller is answered the methods a path offers (200 with Allow), as it should be
    static final String[] ODD_METHODS = {"PUT", "DELETE", "PATCH", "HEAD", "TRACE", "FOO", "PROPFIND", "MKCOL", "get", "Post"};
    static final String[] READ_PATHS = {"/api/v1/timeline", "/api/v1/alerts", "/api/v1/command-structures/cmcc", "/api/v1/forces/isf",
        "/api/v1/forces/isf/roster", "/api/v1/forces/isf/roe-acknowledgements", "/api/v1/forces/isf/consent-board"};
    static final String[] ENTITY_READS = {"/api/v1/command-structures/", "/api/v1/forces/", "/api/v1/mandates/", "/api/v1/consent-registers/",
        "/api/v1/humanitarian-coalitions/"};
    static final String[] UNKNOWN_ID_SUFFIXES = {"", "/roster", "/consent-board"};
    static final String[] WEIRD_ID_SEGMENTS = {"%C3%A9t%C3%A9", "%E2%80%AE", "%20", "%F0%9F%98%80", "a%01b", "%7F", "A-B", "x".repeat(300),
        "%C2%85"};

    private final Random random;
    private int index;

    HostileRequests(long seed) {
        this.random = new Random(seed);
    }

    // --- the refusals -------------------------------------------------------------------------------

    /** The categories and their weights: how often each kind of flaw is drawn. */
    private final List<Map.Entry<String, Function<Integer, Case>>> categories = List.of(
            Map.entry("malformed-json", this::malformedJson),
            Map.entry("malformed-json", this::malformedJson),
            Map.entry("deep-or-huge-body", this::deepOrHugeBody),
            Map.entry("wrong-json-type", this::wrongType),
            Map.entry("wrong-json-type", this::wrongType),
            Map.entry("bad-id", this::badId),
            Map.entry("bad-id", this::badId),
            Map.entry("bad-value", this::badValue),
            Map.entry("bad-value", this::badValue),
            Map.entry("control-in-text", this::controlInText),
            Map.entry("wrong-content-type", this::wrongContentType),
            Map.entry("bad-if-match", this::badIfMatch),
            Map.entry("bad-idempotency-key", this::badIdempotencyKey),
            Map.entry("control-in-header", this::controlInHeader),
            Map.entry("control-in-header", this::controlInHeader),
            Map.entry("unknown-command", this::unknownCommand),
            Map.entry("unknown-path", this::unknownPath),
            Map.entry("odd-method", this::oddMethod),
            Map.entry("wrong-role", this::wrongRole),
            Map.entry("bad-credentials", this::badCredentials),
            Map.entry("bad-read", this::badRead),
            Map.entry("bad-read", this::badRead),
            Map.entry("malformed-http", this::malformedHttp));

    /** A request that must be refused, of a randomly drawn kind. */
    Case refusal() {
        return categories.get(random.nextInt(categories.size())).getValue().apply(index++);
    }

    private Case malformedJson(int i) {
        String command = command();
        String valid = write(EXAMPLES.get(command));
        String body = switch (random.nextInt(12)) {
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1)); // truncated: the object never closes
            case 1 -> valid + (random.nextBoolean() ? "}" : "x");                 // trailing tokens
            case 2 -> "/*c*/" + valid;                                            // comments
            case 3 -> valid.replaceFirst("\"", "'");                              // single quotes
            case 4 -> valid.replaceFirst(":", "");                                // a colon missing
            case 5 -> valid.replaceFirst(",", ",,");                              // an empty member
            case 6 -> duplicateFirstKey(valid);
            case 7 -> pick("", " ", "null", "[]", "42", "\"text\"", "true", "{", "}", "{\"a\":}", "[{}]", "\u0000");
            case 8 -> valid.replaceFirst(":(\\d+)", ":0$1");                        // leading zeros, where there is a number
            case 9 -> valid.replaceFirst("\"([a-zA-Z]+)\":\"", "\"$1\":NaN,\"x\":\"");
            case 10 -> valid.replaceFirst("\\{", "{\"a\":\"\\uZZZZ\",");          // a broken escape
            default -> null;
        };
        byte[] bytes;
        if (body == null || body.equals(valid)) {
            // invalid UTF-8: a lead byte whose continuation is missing or random
            bytes = new byte[1 + random.nextInt(120)];
            random.nextBytes(bytes);
            bytes[0] = (byte) 0xC3;
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        return command(i, "malformed-json", callerFor(command), command, Map.of(), bytes);
    }

    private Case deepOrHugeBody(int i) {
        String command = command();
        String body = switch (random.nextInt(4)) {
            case 0 -> {
                int depth = 50 + random.nextInt(3000);
                yield "{\"" + firstKey(command) + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            }
            case 1 -> {
                int depth = 50 + random.nextInt(2000);
                yield "{\"x\":".repeat(depth) + "1" + "}".repeat(depth);
            }
            case 2 -> write(EXAMPLES.get(command)).replaceFirst("\\{", "{\"padding\":\"" + "a".repeat(66_000 + random.nextInt(300_000)) + "\",");
            default -> "{\"" + firstKey(command) + "\":\"" + "é".repeat(33_000 + random.nextInt(20_000)) + "\"}";
        };
        return command(i, "deep-or-huge-body", callerFor(command), command, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private Case wrongType(int i) {
        String command = command();
        ObjectNode body = EXAMPLES.get(command).deepCopy();
        List<Slot> slots = slots(body, slot -> true);
        Slot slot = slots.get(random.nextInt(slots.size()));
        slot.set(wrongTypeFor(slot.get()));
        return command(i, "wrong-json-type", callerFor(command), command, Map.of(), bytes(body));
    }

    private JsonNode wrongTypeFor(JsonNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> choices = new ArrayList<>();
        if (!node.isTextual()) {
            choices.addAll(List.of(f.textNode("12"), f.textNode("x"), f.textNode("true")));
        }
        if (!node.isNumber()) {
            choices.addAll(List.of(f.numberNode(42), f.numberNode(-1), f.numberNode(3.5), f.numberNode(1e300)));
        }
        if (!node.isBoolean()) {
            choices.addAll(List.of(f.booleanNode(true), f.booleanNode(false)));
        }
        if (!node.isObject()) {
            choices.addAll(List.of(f.objectNode(), f.objectNode().put("value", "x")));
        }
        if (!node.isArray()) {
            choices.addAll(List.of(f.arrayNode(), f.arrayNode().add("x").add(1)));
        }
        if (node.isNumber()) {
            choices.add(f.numberNode(node.asInt() + 0.5)); // a fraction where an integer belongs
        }
        return choices.get(random.nextInt(choices.size()));
    }

    private Case badId(int i) {
        String command = command();
        ObjectNode body = EXAMPLES.get(command).deepCopy();
        List<Slot> ids = slots(body, slot -> slot.get().isTextual() && isId(slot.name()));
        Slot slot = ids.get(random.nextInt(ids.size()));
        String value = slot.get().asText();
        int at = random.nextInt(value.length() + 1);
        slot.set(JsonNodeFactory.instance.textNode(value.substring(0, at) + pick(ID_POISON) + value.substring(at)));
        return command(i, "bad-id", callerFor(command), command, Map.of(), bytes(body));
    }

    static boolean isId(String name) {
        return name != null && !name.equals("profileId") // a free text of its force, not one of the ledger's ids
                && (name.endsWith("Id") || name.equals("nation") || name.equals("party") || name.equals("leadNation")
                || name.equals("nationality") || name.equals("requirementLine"));
    }

    private Case badValue(int i) {
        String command = command();
        ObjectNode body = EXAMPLES.get(command).deepCopy();
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<Slot> enums = slots(body, s -> s.get().isTextual() && ENUM_FIELDS.contains(s.name())
                && ENUM_VALUE.matcher(s.get().asText()).matches());
        List<Slot> dates = slots(body, s -> s.get().isTextual() && s.name() != null && DATE_FIELD.matcher(s.name()).matches());
        List<Slot> numbers = slots(body, s -> s.get().isIntegralNumber() && s.key() != null);
        String body2 = null;
        switch (random.nextInt(7)) {
            case 0 -> {
                if (!enums.isEmpty()) {
                    pickSlot(enums).set(f.textNode(pick("NAVAL", "unknown", "Civilian", "MILITARY ", "", "0", "L9", "__proto__")));
                } else {
                    body.put("unexpected", 1);
                }
            }
            case 1 -> {
                if (!dates.isEmpty()) {
                    pickSlot(dates).set(f.textNode(pick(BAD_DATES)));
                } else {
                    body.put("effectiveAt", pick(BAD_INSTANTS));
                }
            }
            case 2 -> body.put("effectiveAt", pick(BAD_INSTANTS));
            case 3 -> body.put("citation", pick("", "   ", "c".repeat(257 + random.nextInt(2000))));
            case 4 -> body.put("unexpected" + random.nextInt(1000), pick("x", "1"));
            case 5 -> {
                if (!numbers.isEmpty()) {
                    body2 = write(body).replaceFirst("(\"" + pickSlot(numbers).name() + "\":)-?\\d+",
                            "$1" + pick("99999999999999999999", "1e3", "1.0", "-0.5", "1" + "0".repeat(400)));
                } else {
                    body.put("unexpected", true);
                }
            }
            default -> body.set(firstKey(command) + "s", f.arrayNode()); // a near-miss field name
        }
        if (body2 != null && body2.equals(write(body))) {
            body2 = write(body.put("unexpected", 2)); // the number was not where the pattern looked: a flaw all the same
        }
        byte[] bytes = body2 != null ? body2.getBytes(StandardCharsets.UTF_8) : bytes(body);
        return command(i, "bad-value", callerFor(command), command, Map.of(), bytes);
    }

    private Case controlInText(int i) {
        String command = command();
        ObjectNode body = EXAMPLES.get(command).deepCopy();
        List<Slot> texts = slots(body, s -> s.get().isTextual() && !isId(s.name()) && !ENUM_FIELDS.contains(s.name())
                && (s.name() == null || !DATE_FIELD.matcher(s.name()).matches()) && !"effectiveAt".equals(s.name()));
        String poison = pick(TEXT_POISON);
        if (texts.isEmpty()) {
            body.put("citation", "c" + poison);
        } else {
            Slot slot = pickSlot(texts);
            String value = slot.get().asText();
            int at = random.nextInt(value.length() + 1);
            slot.set(JsonNodeFactory.instance.textNode(value.substring(0, at) + poison + value.substring(at)));
        }
        return command(i, "control-in-text", callerFor(command), command, Map.of(), escaped(body));
    }

    private Case wrongContentType(int i) {
        String command = command();
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(8) > 0) {
            headers.put("Content-Type", pick(WRONG_CONTENT_TYPES));
        } else {
            headers.put("Content-Type", null); // none at all
        }
        return command(i, "wrong-content-type", callerFor(command), command, headers, bytes(EXAMPLES.get(command)));
    }

    private Case badIfMatch(int i) {
        String command = command();
        if (random.nextInt(4) == 0) {
            // well-formed, but no aggregate is at that version: a conflict (the command structure exists)
            return command(i, "bad-if-match", BY_ROLE.get(Role.COORDINATOR), "attach-staff", Map.of("If-Match", "\"" + (100_000 + random.nextInt(1000)) + "\""),
                    bytes(EXAMPLES.get("attach-staff")));
        }
        return command(i, "bad-if-match", callerFor(command), command, Map.of("If-Match", pick(BAD_IF_MATCH)), bytes(EXAMPLES.get(command)));
    }

    private Case badIdempotencyKey(int i) {
        String command = command();
        if (random.nextInt(4) == 0) {
            // not ASCII, but no control character either: past the header check, refused by the key's own rule
            return raw(i, "bad-idempotency-key", callerFor(command), "POST", "/api/v1/commands/" + command,
                    Map.of("Content-Type", "application/json", "Idempotency-Key", pick("clé", "ключ-1", "キー", "ü".repeat(10))),
                    bytes(EXAMPLES.get(command)), pick(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1));
        }
        return command(i, "bad-idempotency-key", callerFor(command), command, Map.of("Idempotency-Key", pick(BAD_KEYS)),
                bytes(EXAMPLES.get(command)));
    }

    private Case controlInHeader(int i) {
        boolean read = random.nextInt(3) == 0;
        String command = command();
        Caller caller = random.nextBoolean() ? callerFor(command) : anyCaller();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        String header = pick(HEADERS_TO_POISON);
        String value = pick(CONTROL_HEADER_VALUES);
        headers.put(header, header.equals("Authorization") ? "Basic " + value : value);
        return raw(i, "control-in-header", caller, read ? "GET" : "POST", read ? pick(READ_PATHS) : "/api/v1/commands/" + command,
                headers, read ? new byte[0] : bytes(EXAMPLES.get(command)), StandardCharsets.UTF_8);
    }

    private Case unknownCommand(int i) {
        String name = switch (random.nextInt(4)) {
            case 0 -> pick("appointlead", "AppointLead", "appoint_lead", "appoint-lead-", "appoint-lead.json", "satisfy-condition",
                    "block-contribution", "appoint-lead;x=1", "appoint-lead/", "%2e%2e", "appoint-lead%2Fx", "..", "~", "x".repeat(300));
            case 1 -> "zz-" + slug(1 + random.nextInt(40));
            case 2 -> "zz-%" + Integer.toHexString(0x80 + random.nextInt(0x80)).toUpperCase() + "%41";
            default -> "zz-" + command() + "-" + random.nextInt(100);
        };
        String command = command();
        return new Case(i, "unknown-command", callerFor(command).name(), "POST", "/api/v1/commands/" + name,
                withAuth(callerFor(command), Map.of("Content-Type", "application/json")), bytes(EXAMPLES.get(command)), null, Expect.REFUSED, 0);
    }

    private Case unknownPath(int i) {
        String junk = "zz" + slug(1 + random.nextInt(20));
        String path = pick("/api/v1/" + junk, "/api/v2/timeline", "/api/v1/audit/" + junk, "/actuator/" + junk, "/" + junk,
                "/api/v1/commands", "/api/v1/commands/", "/api", "/api/v1/forces", "/error", "/swagger-ui/" + junk + ".js",
                "/api/v1/timeline/" + junk, "/api/v1/forces/isf/" + junk, "/api/v1/audit/events/" + junk);
        Caller caller = anyCaller();
        boolean post = random.nextBoolean();
        return new Case(i, "unknown-path", caller.name(), post ? "POST" : "GET", path,
                withAuth(caller, post ? Map.of("Content-Type", "application/json") : Map.of()), post ? "{}".getBytes() : new byte[0],
                null, Expect.REFUSED, 0);
    }

    private Case oddMethod(int i) {
        String method = pick(ODD_METHODS);
        String path = method.equals("HEAD")
                ? "/api/v1/commands/" + command() // 405: a read's path answers HEAD as GET without the body
                : pick("/api/v1/commands/" + command(), pick(READ_PATHS), "/api/v1/audit/replays", "/api/v1/audit/events");
        Caller caller = anyCaller();
        if (random.nextInt(6) == 0) {
            // CONNECT: Tomcat refuses it before any filter (405, not its 501); java.net.http will not send it
            return raw(i, "odd-method", caller, "CONNECT", random.nextBoolean() ? "localhost:443" : path, Map.of(), new byte[0],
                    StandardCharsets.ISO_8859_1).expecting(405);
        }
        byte[] body = method.equals("HEAD") || method.equals("TRACE") ? new byte[0] : "{}".getBytes();
        return new Case(i, "odd-method", caller.name(), method, path,
                withAuth(caller, body.length > 0 ? Map.of("Content-Type", "application/json") : Map.of()), body, null, Expect.REFUSED, 0);
    }

    private Case wrongRole(int i) {
        String command = command();
        Set<Role> allowed = CommandCatalog.find(command).orElseThrow().roles();
        List<Caller> refused = CALLERS.stream().filter(c -> c.role() != null && !allowed.contains(c.role())).toList();
        Caller caller = refused.get(random.nextInt(refused.size()));
        return command(i, "wrong-role", caller, command, Map.of(), bytes(EXAMPLES.get(command)));
    }

    private Case badCredentials(int i) {
        String command = command();
        List<Caller> unauthenticated = CALLERS.stream().filter(c -> c.role() == null).toList();
        Caller caller = unauthenticated.get(random.nextInt(unauthenticated.size()));
        if (random.nextInt(3) == 0) {
            return new Case(i, "bad-credentials", caller.name(), "GET", pick(READ_PATHS), withAuth(caller, Map.of()), new byte[0], null,
                    Expect.REFUSED, 0);
        }
        return command(i, "bad-credentials", caller, command, Map.of(), bytes(EXAMPLES.get(command)));
    }

    private Case badRead(int i) {
        Caller caller = random.nextInt(5) == 0 ? anyCaller() : authenticated();
        String path;
        switch (random.nextInt(4)) {
            case 0 -> path = pick(ENTITY_READS) + (random.nextBoolean() ? "zz-" + slug(1 + random.nextInt(30)) : pick(WEIRD_ID_SEGMENTS))
                    + (random.nextBoolean() ? pick(UNKNOWN_ID_SUFFIXES) : "");
            case 1 -> path = "/api/v1/timeline?" + pick("limit=0", "limit=-1", "limit=501", "limit=abc", "limit=1e3", "limit=99999999999",
                    "from=garbage", "to=2025-13-01", "from=%2B99999-01-01", "recordedAsOf=2025-11-18", "recordedAsOf=%2B100000-01-01T00:00:00Z",
                    "cursor=!!!", "cursor=" + Base64.getUrlEncoder().encodeToString(("x|" + random.nextInt()).getBytes()),
                    "cursor=" + Base64.getUrlEncoder().withoutPadding().encodeToString("+1000000000-01-01T00:00:00Z|1".getBytes()),
                    "aggregateId=a%00b", "aggregateId=%1B", "%01=1", "limit=%C2%85");
            case 2 -> path = pick(READ_PATHS[2], READ_PATHS[3], READ_PATHS[4], READ_PATHS[5]) + "?"
                    + pick("asOf=garbage", "asOf=2025-02-30", "asOf=%2B999999999-12-31", "recordedAsOf=yesterday", "asOf=%00",
                    "forceId=%07", "asOf=-1000000000-01-01T00:00:00Z", "recordedAsOf=%2B100000-01-01T00:00:00Z");
            default -> path = "/api/v1/alerts?" + pick("includeClosed=maybe", "asOf=garbage", "forceId=%07", "asOf=%2B999999999-12-31",
                    "includeClosed=%00");
        }
        return new Case(i, "bad-read", caller.name(), "GET", path, withAuth(caller, Map.of()), new byte[0], null, Expect.REFUSED, 0);
    }

    private Case malformedHttp(int i) {
        String ok = "Host: localhost\r\nConnection: close\r\n";
        int protocolStatus = 0;
        String request = switch (random.nextInt(14)) {
            case 0 -> "G(T /api/v1/timeline HTTP/1.1\r\n" + ok;
            case 1 -> "GET /api/v1/%zz HTTP/1.1\r\n" + ok;
            case 2 -> "GET /api/v1/forces/%C3%28 HTTP/1.1\r\n" + ok;
            case 3 -> "GET /api/v1/a b HTTP/1.1\r\n" + ok;
            case 4 -> "GET /api/v1/timeline HTTP/1.1\r\n" + ok + "X-Big: " + "a".repeat(9_000 + random.nextInt(20_000)) + "\r\n";
            case 5 -> "GET /api/v1/timeline HTTP/1.1\r\nConnection: close\r\n"; // no Host
            case 6 -> "GET /api/v1/timeline HTTP/1.1\r\n" + ok + "Bad Name: x\r\n";
            case 7 -> "POST /api/v1/commands/attach-staff HTTP/1.1\r\n" + ok + "Content-Length: 2\r\nContent-Length: 3\r\n";
            case 8 -> {
                // a query string that takes the request head over 8 KiB
                StringBuilder query = new StringBuilder();
                for (int p = 0; query.length() < 8_200 + random.nextInt(4_000); p++) {
                    query.append("p").append(p).append("=1&");
                }
                yield "GET /api/v1/timeline?" + query + " HTTP/1.1\r\n" + ok + "Authorization: " + BY_ROLE.get(Role.VIEWER).authorization() + "\r\n";
            }
            case 9 -> {
                protocolStatus = 400; // an unknown transfer coding: Tomcat's 501, answered as the refusal it is
                yield "POST /api/v1/commands/attach-staff HTTP/1.1\r\n" + ok + "Transfer-Encoding: " + pick("gzip", "compress", "x-custom") + "\r\n";
            }
            case 10 -> {
                protocolStatus = 400; // not HTTP/1.x: Tomcat's 505, answered as the refusal it is
                yield "GET /api/v1/timeline HTTP/" + pick("9.9", "1.2", "3.0") + "\r\n" + ok;
            }
            case 11 -> "GET /api/v1/forces/\u0001 HTTP/1.1\r\n" + ok;
            case 12 -> "POST /api/v1/commands/attach-staff HTTP/1.1\r\n" + ok + "Authorization: " + BY_ROLE.get(Role.COORDINATOR).authorization()
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n"; // a bad chunk size
            default -> "GET /api/v1/forces/a\\b HTTP/1.1\r\n" + ok;
        };
        byte[] raw = (request + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new Case(i, "malformed-http", "raw", null, null, Map.of(), null, raw,
                protocolStatus == 0 ? Expect.REFUSED : Expect.PROTOCOL, protocolStatus);
    }

    // --- the baseline -------------------------------------------------------------------------------

    /** Valid commands and reads, which must succeed; {@code version} is the command structure's current version. */
    List<Case> baseline(int phase, long version) {
        List<Case> cases = new ArrayList<>();
        Caller coordinator = BY_ROLE.get(Role.COORDINATOR);
        String key = "baseline-" + phase + "-" + random.nextInt(1_000_000);
        byte[] staff = ("{\"structureId\":\"cmcc\",\"nation\":\"" + pick("USA", "IDN", "EGY") + "\",\"personnel\":" + (1 + random.nextInt(50))
                + "}").getBytes(StandardCharsets.UTF_8);
        cases.add(command(index++, "baseline", coordinator, "attach-staff", Map.of("If-Match", "\"" + version + "\""), staff, Expect.ACCEPTED));
        cases.add(command(index++, "baseline", coordinator, "attach-staff", Map.of("Idempotency-Key", key), staff, Expect.ACCEPTED));
        cases.add(command(index++, "baseline-replay", coordinator, "attach-staff", Map.of("Idempotency-Key", key), staff, Expect.ACCEPTED));
        for (int i = 0; i < 3; i++) {
            String title = pick("Civilian liaison", "קצין קישור", "ضابط اتصال", "連絡将校", "Officier de liaison — équipe", "Line one\nline two",
                    "Tab\tseparated", "Emoji 👩‍✈️ team", "Combining é", "RTL \u202emixed\u202c text", "Zero\u200bwidth");
            String body = "{\"structureId\":\"cmcc\",\"postId\":\"post-" + phase + "-" + i + "-" + random.nextInt(1_000_000)
                    + "\",\"title\":" + quote(title) + ",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"Secretary of State\"}";
            cases.add(command(index++, "baseline-unicode", coordinator, "establish-post", Map.of(), body.getBytes(StandardCharsets.UTF_8),
                    Expect.ACCEPTED));
        }
        for (int i = 0; i < 8; i++) {
            Caller reader = authenticated();
            String path = pick(READ_PATHS) + pick("", "?asOf=2030-01-01", "?recordedAsOf=2099-01-01T00:00:00Z");
            if (path.startsWith("/api/v1/alerts?recordedAsOf")) {
                path = "/api/v1/alerts";
            }
            if (path.startsWith("/api/v1/timeline?")) {
                path = "/api/v1/timeline?limit=" + (1 + random.nextInt(50));
            }
            cases.add(new Case(index++, "baseline-read", reader.name(), "GET", path, withAuth(reader, Map.of()), new byte[0], null,
                    Expect.ACCEPTED, 0));
        }
        return cases;
    }

    // --- helpers --------------------------------------------------------------------------------------

    private Case command(int i, String category, Caller caller, String command, Map<String, String> extra, byte[] body) {
        return command(i, category, caller, command, extra, body, Expect.REFUSED);
    }

    private Case command(int i, String category, Caller caller, String command, Map<String, String> extra, byte[] body, Expect expect) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(extra);
        headers.values().removeIf(java.util.Objects::isNull); // a null Content-Type: none at all
        return new Case(i, category, caller.name(), "POST", "/api/v1/commands/" + command, withAuth(caller, headers), body, null, expect, 0);
    }

    private Case raw(int i, String category, Caller caller, String method, String path, Map<String, String> headers, byte[] body,
                     java.nio.charset.Charset encoding) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (caller.authorization() != null) {
            all.putIfAbsent("Authorization", caller.authorization());
        }
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(encoding);
        byte[] raw = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, raw, 0, headBytes.length);
        System.arraycopy(body, 0, raw, headBytes.length, body.length);
        return new Case(i, category, caller.name(), method, path, all, body, raw, Expect.REFUSED, 0);
    }

    private static Map<String, String> withAuth(Caller caller, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (caller.authorization() != null) {
            all.put("Authorization", caller.authorization());
        }
        return all;
    }

    /** Mostly the caller the command is meant for, so that the flaw (not the role) is what gets refused. */
    private Caller callerFor(String command) {
        if (random.nextInt(4) == 0) {
            return anyCaller();
        }
        Role role = CommandCatalog.find(command).orElseThrow().roles().iterator().next();
        return BY_ROLE.get(role);
    }

    private Caller anyCaller() {
        return CALLERS.get(random.nextInt(CALLERS.size()));
    }

    private Caller authenticated() {
        List<Caller> users = CALLERS.stream().filter(c -> c.role() != null).toList();
        return users.get(random.nextInt(users.size()));
    }

    private String command() {
        return COMMANDS.get(random.nextInt(COMMANDS.size()));
    }

    private static String firstKey(String command) {
        return EXAMPLES.get(command).fieldNames().next();
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private Slot pickSlot(List<Slot> slots) {
        return slots.get(random.nextInt(slots.size()));
    }

    private String slug(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private String duplicateFirstKey(String json) {
        int colon = json.indexOf(':');
        int comma = json.indexOf(',');
        return comma > colon ? json.substring(0, comma) + "," + json.substring(1, comma) + json.substring(comma) : json + "}";
    }

    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] escaped(JsonNode node) {
        try {
            return ESCAPING.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (Character.isISOControl(c) || Character.isSurrogate((char) c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static Map<String, ObjectNode> examples() {
        try (InputStream in = HostileRequests.class.getResourceAsStream("/openapi/command-examples.json")) {
            JsonNode all = JSON.readTree(in);
            Map<String, ObjectNode> examples = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                examples.put(entry.getKey(), (ObjectNode) entry.getValue());
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A place in a JSON tree: an object's field ({@code key}) or an array's element. {@code name} is the
     * field's name, or for an element its array's, for the rules that go by name (ids, texts, dates).
     */
    record Slot(JsonNode parent, String key, int element, String name) {

        JsonNode get() {
            return key != null ? parent.get(key) : parent.get(element);
        }

        void set(JsonNode value) {
            if (key != null) {
                ((ObjectNode) parent).set(key, value);
            } else {
                ((ArrayNode) parent).set(element, value);
            }
        }
    }

    /** Every place in the tree that {@code wanted} accepts; an array element carries its array's field name. */
    static List<Slot> slots(JsonNode root, java.util.function.Predicate<Slot> wanted) {
        List<Slot> slots = new ArrayList<>();
        collect(root, null, slots, wanted);
        return slots;
    }

    private static void collect(JsonNode node, String fieldName, List<Slot> slots, java.util.function.Predicate<Slot> wanted) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Slot slot = new Slot(node, field.getKey(), -1, field.getKey());
                if (wanted.test(slot)) {
                    slots.add(slot);
                }
                collect(field.getValue(), field.getKey(), slots, wanted);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Slot slot = new Slot(node, null, i, fieldName);
                if (wanted.test(slot)) {
                    slots.add(slot);
                }
                collect(node.get(i), fieldName, slots, wanted);
            }
        }
    }

}
