package org.coordination.ledger.docs;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.OrganizationId;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.consent.ConsentRegisterEvent;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.force.ForceEvent;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionEvent;
import org.coordination.ledger.contract.mandate.MandateEvent;
import org.coordination.ledger.contract.revision.EventRevisions;
import org.coordination.ledger.contract.structure.CommandStructureEvent;
import org.coordination.ledger.publishing.LedgerCloudEvents;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes the generated parts of docs/events.md and docs/asyncapi.yaml from the contract, so an event's fields
 * are written once, in its record (and its wire fixture): the events from the sealed families, fields and
 * types from the record components, summaries (the Javadoc's first sentence) from the contract's sources, revisions from
 * {@code @Revision}; "produced by" from the command handlers that construct an event, "consumed by" from the
 * policies' and the consistency lookup's handlers. Everything outside the markers stays hand-written.
 */
final class EventDocs {

    /** The event families, in the order the documents list them. */
    static final List<Class<? extends LedgerEvent>> FAMILIES = List.of(MandateEvent.class, ForceEvent.class,
            ContributionEvent.class, ConsentRegisterEvent.class, CommandStructureEvent.class, HumanitarianCoalitionEvent.class);

    static final String MD_EVENTS = "<!-- generated:events (EventDocsTest writes this part from the contract) -->";
    static final String MD_VALUES = "<!-- generated:value-types (EventDocsTest writes this part from the contract) -->";
    static final String MD_EARLIER = "<!-- generated:earlier-revisions (EventDocsTest writes this part from the contract) -->";
    static final String MD_END = "<!-- /generated -->";
    static final String YAML_BEGIN = "# generated:begin ";
    static final String YAML_END = "# generated:end";

    private static final String CONSISTENCY_LOOKUP = "consistency lookup";

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.coordination.ledger");

    /** The aggregate kind of a family: its name without "Event" ({@code ForceEvent} → {@code Force}). */
    static String kind(Class<?> family) {
        return family.getSimpleName().replaceFirst("Event$", "");
    }

    static String kindOf(Class<?> event) {
        return kind(FAMILIES.stream().filter(f -> f.isAssignableFrom(event)).findFirst().orElseThrow());
    }

    static List<Class<?>> events(Class<?> family) {
        return Arrays.asList(family.getPermittedSubclasses());
    }

    static List<Class<?>> allEvents() {
        return FAMILIES.stream().flatMap(f -> events(f).stream()).toList();
    }

    static String revision(Class<?> event) {
        return event.getAnnotation(Revision.class).value();
    }

    // ---------------------------------------------------------------------------------------------- docs/events.md

    String eventsMarkdown(String committed) {
        Map<String, String> producedProse = producedByCells(committed);
        StringBuilder md = new StringBuilder();
        for (Class<? extends LedgerEvent> family : FAMILIES) {
            md.append("## ").append(kind(family)).append("\n\n")
                    .append("| event | rev. | fields | produced by | consumed by |\n")
                    .append("|---|---|---|---|---|\n");
            for (Class<?> event : events(family)) {
                String fields = Arrays.stream(event.getRecordComponents())
                        .map(c -> "`" + c.getName() + "` " + typeName(c.getGenericType()))
                        .collect(Collectors.joining(", "));
                md.append("| `").append(event.getSimpleName()).append("` | ").append(revision(event)).append(" | ")
                        .append(fields).append(" | ").append(producedBy(event, producedProse.get(event.getSimpleName())))
                        .append(" | ").append(consumedBy(event)).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString().stripTrailing() + "\n";
    }

    /** The earlier revisions a ledger or the topic may still hold, each with the step that reads it as the next one. */
    static String earlierRevisionsMarkdown() {
        StringBuilder md = new StringBuilder("| event | stored as | read as | fields as stored | stored by |\n|---|---|---|---|---|\n");
        for (EventRevisions.Step step : EventRevisions.STEPS) {
            String fields = Arrays.stream(step.shape().getRecordComponents())
                    .map(c -> "`" + c.getName() + "` " + typeName(c.getGenericType()))
                    .collect(Collectors.joining(", "));
            md.append("| `").append(step.event().getSimpleName()).append("` | ").append(step.revision()).append(" | ")
                    .append(step.next()).append(" | ").append(fields).append(" | `").append(step.shape().getSimpleName())
                    .append("` — ").append(summary(step.shape())).append(" |\n");
        }
        return md.toString();
    }

    String valueTypesMarkdown() {
        StringBuilder md = new StringBuilder("| type | JSON shape |\n|---|---|\n");
        for (Class<?> type : valueTypes()) {
            String shape = type.isEnum()
                    ? "one of " + Arrays.stream(type.getEnumConstants()).map(c -> "`" + ((Enum<?>) c).name() + "`").collect(Collectors.joining(", "))
                    : "object: " + Arrays.stream(type.getRecordComponents()).map(c -> "`" + c.getName() + "`").collect(Collectors.joining(", "));
            md.append("| `").append(type.getSimpleName()).append("` | ").append(shape).append(" — ").append(summary(type)).append(" |\n");
        }
        return md.toString();
    }

    static String typeName(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            return ((Class<?>) parameterized.getRawType()).getSimpleName() + "<"
                    + Arrays.stream(parameterized.getActualTypeArguments()).map(EventDocs::typeName).collect(Collectors.joining(", ")) + ">";
        }
        return ((Class<?>) type).getSimpleName();
    }

    /**
     * The commands whose handlers construct the event. The committed cell may say more than the commands
     * ("AppointLead (incumbent of a filled post), VacatePost"); it is kept as long as it names exactly them.
     */
    String producedBy(Class<?> event, String committedCell) {
        Set<String> commands = producingCommands(event);
        if (committedCell != null && commandsNamedIn(committedCell).equals(commands)) {
            return committedCell;
        }
        return commands.isEmpty() ? "—" : String.join(", ", commands);
    }

    /** The command names in a "produced by" cell: its items outside parentheses, each without its remark. */
    static Set<String> commandsNamedIn(String cell) {
        Set<String> names = new TreeSet<>();
        String outside = cell.replaceAll("\\([^)]*\\)", "");
        for (String item : outside.split(",")) {
            if (!item.isBlank() && !item.trim().equals("—")) {
                names.add(item.trim());
            }
        }
        return names;
    }

    Set<String> producingCommands(Class<?> event) {
        Set<String> commands = new TreeSet<>();
        for (var call : classes.get(event).getConstructorCallsToSelf()) {
            commands.addAll(commandsReaching(call.getOrigin(), new HashSet<>()));
        }
        return commands;
    }

    /** The commands whose {@code @CommandHandler} is, or calls (directly or through other methods), the given code. */
    private static Set<String> commandsReaching(JavaCodeUnit unit, Set<JavaCodeUnit> seen) {
        Set<String> commands = new TreeSet<>();
        if (!seen.add(unit)) {
            return commands;
        }
        if (unit.isAnnotatedWith(CommandHandler.class)) {
            commands.add(unit.getRawParameterTypes().get(0).getSimpleName());
            return commands;
        }
        unit.getAccessesToSelf().forEach(access -> commands.addAll(commandsReaching(access.getOrigin(), seen)));
        return commands;
    }

    String consumedBy(Class<?> event) {
        Set<String> policies = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        boolean lookup = false;
        for (JavaClass type : classes) {
            for (JavaMethod method : type.getMethods()) {
                boolean handles = !method.getRawParameterTypes().isEmpty()
                        && method.getRawParameterTypes().get(0).reflect().isAssignableFrom(event);
                if (handles && type.isAnnotatedWith(Saga.class) && method.isAnnotatedWith(SagaEventHandler.class)) {
                    policies.add(policyName(type.getSimpleName()));
                }
                if (handles && type.getSimpleName().equals("LookupProjector") && method.isAnnotatedWith(EventHandler.class)) {
                    lookup = true;
                }
            }
        }
        List<String> consumers = new ArrayList<>(policies);
        if (lookup) {
            consumers.add(CONSISTENCY_LOOKUP);
        }
        return consumers.isEmpty() ? "—" : String.join(", ", consumers);
    }

    /** {@code RulesOfEngagementPolicy} → "ROE policy", {@code MandatePolicy} → "mandate policy". */
    static String policyName(String simpleName) {
        String name = simpleName.replaceFirst("Policy$", "").replace("RulesOfEngagement", "ROE");
        return (name.equals(name.toUpperCase()) ? name : name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()) + " policy";
    }

    /** The committed "produced by" cells, by event name, from the tables between the markers. */
    static Map<String, String> producedByCells(String committed) {
        Map<String, String> cells = new LinkedHashMap<>();
        Matcher row = Pattern.compile("^\\| `(\\w+)` \\| [^|]* \\| [^|]* \\| ([^|]*) \\| [^|]* \\|$", Pattern.MULTILINE).matcher(committed);
        while (row.find()) {
            cells.put(row.group(1), row.group(2).trim());
        }
        return cells;
    }

    // ------------------------------------------------------------------------------------------ docs/asyncapi.yaml

    String channelMessagesYaml() {
        Map<String, Object> messages = new LinkedHashMap<>();
        allEvents().forEach(e -> messages.put(e.getSimpleName(), Map.of("$ref", "#/components/messages/" + e.getSimpleName())));
        EventRevisions.STEPS.forEach(step -> messages.put(earlierName(step), Map.of("$ref", "#/components/messages/" + earlierName(step))));
        return yaml(messages, 6);
    }

    String messagesYaml() {
        Map<String, Object> messages = new LinkedHashMap<>();
        for (Class<?> event : allEvents()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("name", event.getSimpleName());
            message.put("title", event.getSimpleName());
            message.put("summary", summary(event));
            message.put("contentType", "application/json");
            message.put("headers", Map.of("$ref", "#/components/schemas/CloudEventHeaders"));
            message.put("payload", Map.of("$ref", "#/components/schemas/" + event.getSimpleName()));
            message.put("bindings", Map.of("$ref", "#/components/messageBindings/" + kindOf(event) + "Key"));
            message.put("x-cloudevents-type", LedgerCloudEvents.type(event));
            message.put("x-aggregate", event.getPackageName().substring(event.getPackageName().lastIndexOf('.') + 1));
            messages.put(event.getSimpleName(), message);
        }
        for (EventRevisions.Step step : EventRevisions.STEPS) {
            Class<?> event = step.event();
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("name", earlierName(step));
            message.put("title", event.getSimpleName() + " (revision " + step.revision() + ")");
            message.put("summary", summary(step.shape()));
            message.put("description", "An earlier revision, on the topic in records published before revision " + step.next()
                    + ": read it as revision " + step.next() + " with EventRevisions (ledger-contract), as the reference subscriber does.");
            message.put("contentType", "application/json");
            message.put("headers", Map.of("$ref", "#/components/schemas/CloudEventHeaders"));
            message.put("payload", Map.of("$ref", "#/components/schemas/" + step.shape().getSimpleName()));
            message.put("bindings", Map.of("$ref", "#/components/messageBindings/" + kindOf(event) + "Key"));
            message.put("x-cloudevents-type", LedgerCloudEvents.TYPE_PREFIX + event.getSimpleName() + ".v" + step.revision());
            message.put("x-aggregate", event.getPackageName().substring(event.getPackageName().lastIndexOf('.') + 1));
            messages.put(earlierName(step), message);
        }
        return yaml(messages, 4);
    }

    String schemasYaml() {
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("Slug", ordered("type", "string", "pattern", "^[a-z0-9](?:[a-z0-9-]{0,63})$", "description", "A client-chosen aggregate id"));
        schemas.put("Nation", ordered("type", "string", "pattern", "^[A-Z]{3}$", "description", "ISO 3166-1 alpha-3"));
        schemas.put("Code", ordered("type", "string", "pattern", "^[A-Z][A-Z0-9_-]{1,31}$", "description", "An organization or party code"));
        Set<Class<?>> defined = new HashSet<>();
        for (Class<? extends LedgerEvent> family : FAMILIES) {
            for (Class<?> type : valueTypesOf(family, defined)) {
                schemas.put(type.getSimpleName(), type.isEnum() ? enumSchema(type) : objectSchema(type, false));
            }
            events(family).forEach(event -> schemas.put(event.getSimpleName(), objectSchema(event, true)));
        }
        for (EventRevisions.Step step : EventRevisions.STEPS) {
            Set<Class<?>> found = new LinkedHashSet<>();
            Arrays.stream(step.shape().getRecordComponents()).forEach(c -> collect(c.getGenericType(), found));
            found.removeAll(defined);
            defined.addAll(found);
            found.forEach(type -> schemas.put(type.getSimpleName(), type.isEnum() ? enumSchema(type) : objectSchema(type, false)));
            schemas.put(step.shape().getSimpleName(), objectSchema(step.shape(), true));
        }
        return yaml(schemas, 4);
    }

    /** The message of an earlier revision: {@code ContributionPledgedV1}. */
    static String earlierName(EventRevisions.Step step) {
        return step.event().getSimpleName() + "V" + step.revision();
    }

    /** The enums and value records the events use, each once, in the order the schemas define them. */
    static List<Class<?>> valueTypes() {
        Set<Class<?>> defined = new HashSet<>();
        return FAMILIES.stream().flatMap(f -> valueTypesOf(f, defined).stream()).toList();
    }

    /** A family's value types not defined before: enums first, then records, each after the types it uses. */
    private static List<Class<?>> valueTypesOf(Class<?> family, Set<Class<?>> defined) {
        Set<Class<?>> found = new LinkedHashSet<>();
        events(family).forEach(event -> Arrays.stream(event.getRecordComponents()).forEach(c -> collect(c.getGenericType(), found)));
        found.removeAll(defined);
        defined.addAll(found);
        return found.stream().sorted(Comparator.comparing(type -> type.isEnum() ? 0 : 1)).toList();
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof ParameterizedType parameterized) {
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> collect(argument, found));
            return;
        }
        Class<?> c = (Class<?>) type;
        if (c.isEnum()) {
            found.add(c);
        } else if (c.isRecord() && !isIdentifier(c)) {
            Arrays.stream(c.getRecordComponents()).forEach(component -> collect(component.getGenericType(), found));
            found.add(c);
        }
    }

    /** Ids, nations and codes: records of the contract's common package, serialized as bare strings. */
    private static boolean isIdentifier(Class<?> c) {
        return c.getPackageName().equals(Nation.class.getPackageName());
    }

    private static Map<String, Object> enumSchema(Class<?> type) {
        return ordered("type", "string",
                "enum", Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList(),
                "description", summary(type));
    }

    private static Map<String, Object> objectSchema(Class<?> type, boolean closed) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            properties.put(component.getName(), property(component.getGenericType()));
        }
        Map<String, Object> schema = ordered("type", "object", "description", summary(type), "properties", properties);
        if (closed) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    static Map<String, Object> property(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return ordered("type", "array", "items", property(parameterized.getActualTypeArguments()[0]));
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return ordered("type", "string");
        } else if (c == int.class || c == Integer.class) {
            return ordered("type", "integer", "format", "int32");
        } else if (c == long.class || c == Long.class) {
            return ordered("type", "integer", "format", "int64");
        } else if (c == boolean.class || c == Boolean.class) {
            return ordered("type", "boolean");
        } else if (c == LocalDate.class) {
            return ordered("type", "string", "format", "date");
        } else if (c == Instant.class) {
            return ordered("type", "string", "format", "date-time");
        } else if (c == Nation.class) {
            return ref("Nation");
        } else if (c == PartyId.class || c == OrganizationId.class) {
            return ref("Code");
        } else if (isIdentifier(c) && c.getSimpleName().endsWith("Id")) {
            return ref("Slug");
        } else if (c.isEnum() || c.isRecord()) {
            return ref(c.getSimpleName());
        }
        throw new IllegalStateException("no JSON schema for " + type + ": add it to EventDocs.property");
    }

    private static Map<String, Object> ref(String schema) {
        return ordered("$ref", "#/components/schemas/" + schema);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String yaml(Map<String, Object> content, int indent) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(140 - indent);
        String prefix = " ".repeat(indent);
        return new Yaml(options).dump(content).lines().map(line -> prefix + line).collect(Collectors.joining("\n", "", "\n"));
    }

    // -------------------------------------------------------------------------------------------------- sources

    /** The first sentence of the type's Javadoc in the contract's sources, as plain text. */
    static String summary(Class<?> type) {
        String source;
        try {
            source = Files.readString(RepositoryFiles.locate(
                    "services/ledger-contract/src/main/java/" + type.getName().replace('.', '/') + ".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher javadoc = Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*public\\s+(?:sealed\\s+|final\\s+)*"
                + "(?:record|enum|interface|class)\\s+" + type.getSimpleName() + "\\b", Pattern.DOTALL).matcher(source);
        if (!javadoc.find()) {
            throw new IllegalStateException(type.getName() + " has no Javadoc: its one-line summary is what the docs say of it");
        }
        String text = javadoc.group(1).replaceAll("(?m)^\\s*\\*", " ").replaceAll("\\s+", " ").trim();
        return firstSentence(plain(text));
    }

    /** Javadoc's inline tags as plain text: {@code x} → x, {@link X#m} → X.m, {@link #m} → m, {@link X label} → label. */
    static String plain(String javadoc) {
        Matcher tag = Pattern.compile("\\{@\\w+\\s+([^}\\s]*)(?:\\s+([^}]*))?}").matcher(javadoc);
        StringBuilder text = new StringBuilder();
        while (tag.find()) {
            String shown = tag.group(2) != null ? tag.group(2) : tag.group(1).replaceFirst("^#", "").replace('#', '.');
            tag.appendReplacement(text, Matcher.quoteReplacement(shown));
        }
        return tag.appendTail(text).toString();
    }

    /** The summary, as Javadoc has it: up to the first full stop that ends a sentence ("e.g." and "i.e." do not). */
    static String firstSentence(String text) {
        Matcher end = Pattern.compile("(?<!\\be\\.g|\\bi\\.e)\\.\\s+(?=[A-Z])").matcher(text);
        return end.find() ? text.substring(0, end.start() + 1) : text;
    }

    // -------------------------------------------------------------------------------------------------- markers

    /** The text with what stands between the begin marker (a line containing it) and the next end marker replaced. */
    static String replaceBetween(String text, String begin, String end, String generated) {
        int beginLine = text.indexOf(begin);
        if (beginLine < 0) {
            throw new IllegalStateException("marker missing: " + begin);
        }
        int from = text.indexOf('\n', beginLine) + 1;
        int to = text.indexOf(end, from);
        if (to < 0) {
            throw new IllegalStateException("end marker missing after: " + begin);
        }
        int lineStart = text.lastIndexOf('\n', to) + 1;
        return text.substring(0, from) + generated + text.substring(lineStart);
    }

    String eventsMd(String committed) {
        String text = replaceBetween(committed, MD_EVENTS, MD_END, eventsMarkdown(committed));
        text = replaceBetween(text, MD_EARLIER, MD_END, earlierRevisionsMarkdown());
        return replaceBetween(text, MD_VALUES, MD_END, valueTypesMarkdown());
    }

    String asyncApi(String committed) {
        String text = replaceBetween(committed, YAML_BEGIN + "channel messages", YAML_END, channelMessagesYaml());
        text = replaceBetween(text, YAML_BEGIN + "messages", YAML_END, messagesYaml());
        return replaceBetween(text, YAML_BEGIN + "schemas", YAML_END, schemasYaml());
    }
}
