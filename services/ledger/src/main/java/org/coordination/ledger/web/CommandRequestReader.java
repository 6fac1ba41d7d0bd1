package org.coordination.ledger.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.coordination.ledger.contract.common.InvalidIdentifierException;
import org.coordination.ledger.contract.common.LedgerCommand;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.RecordedNation;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.problem.JsonBody;
import org.springframework.stereotype.Component;

/**
 * Turns a request body into a command, strictly: no unknown fields, no duplicate keys, no silent
 * coercion of "12" into 12, then Bean Validation. Every failure names the field and the rule.
 * {@code effectiveAt} and {@code citation} are read off the body: they are provenance, not payload.
 */
@Component
public class CommandRequestReader {

    public static final int MAX_CITATION_LENGTH = 256;

    /**
     * The effective times a command may carry: years 0001 to 9999, as reads accept them (readmodel.AsOf).
     * An event effective beyond PostgreSQL's timestamps would be written and then fail the read models'
     * projection of it, over and over.
     */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    private static final String EFFECTIVE_AT_RULE = "must be an ISO-8601 instant (2025-10-17T09:00:00Z, to the microsecond at most) "
            + "or date (2025-10-17) in the years 0001 to 9999";

    /** A parsed request: the command and its provenance fields. */
    public record CommandRequest(LedgerCommand command, String effectiveAt, String citation) {
    }

    private final ObjectMapper json;
    private final Validator validator;

    public CommandRequestReader(ObjectMapper objectMapper, Validator validator) {
        this.json = strict(objectMapper.copy());
        this.validator = validator;
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.configure(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature(), false);
        mapper.registerModule(new SimpleModule("command-input")
                .addDeserializer(LocalDate.class, new BoundedLocalDateDeserializer())
                .addDeserializer(Nation.class, new AssignedNationDeserializer()));
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual,
                LogicalType.Enum, LogicalType.DateTime, LogicalType.Collection, LogicalType.POJO}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual || type == LogicalType.Enum
                            || type == LogicalType.DateTime || type == LogicalType.POJO ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }

    public JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiProblem.invalidField("body", "a JSON object is required");
        }
        JsonNode tree = JsonBody.object(json, body);
        BodyTextRule.check(tree, "");
        return tree;
    }

    public CommandRequest read(JsonNode tree, Class<? extends LedgerCommand> type) {
        ObjectNode fields = ((ObjectNode) tree).deepCopy();
        String effectiveAt = effectiveAt(fields.remove("effectiveAt"));
        String citation = citation(fields.remove("citation"));
        LedgerCommand command;
        try {
            command = json.treeToValue(fields, type);
        } catch (JsonProcessingException e) {
            throw describe(e);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("body", e.getMessage());
        }
        validate(command);
        return new CommandRequest(command, effectiveAt, citation);
    }

    private void validate(LedgerCommand command) {
        Set<ConstraintViolation<LedgerCommand>> violations = validator.validate(command);
        if (!violations.isEmpty()) {
            List<ApiProblem.FieldError> errors = violations.stream()
                    .map(v -> new ApiProblem.FieldError(fieldName(v.getPropertyPath().toString()), v.getMessage()))
                    .sorted(Comparator.comparing(ApiProblem.FieldError::field).thenComparing(ApiProblem.FieldError::message))
                    .toList();
            throw ApiProblem.invalid(errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }

    /** "units[0].<list element>" → "units[0]" */
    private static String fieldName(String path) {
        return path.replace(".<list element>", "").replace("<list element>", "");
    }

    private static String effectiveAt(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiProblem.invalidField("effectiveAt", EFFECTIVE_AT_RULE);
        }
        String text = node.asText();
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                instant = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw ApiProblem.invalidField("effectiveAt", EFFECTIVE_AT_RULE);
            }
        }
        // PostgreSQL keeps microseconds: a finer time would be rounded in the timeline and its cursors (up to the
        // year 10000 at the calendar's end) while the event kept it, so the two would disagree
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST) || instant.getNano() % 1_000 != 0) {
            throw ApiProblem.invalidField("effectiveAt", EFFECTIVE_AT_RULE);
        }
        return instant.toString();
    }

    private static String citation(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || VisibleText.blank(node.asText()) || node.asText().length() > MAX_CITATION_LENGTH) {
            throw ApiProblem.invalidField("citation", "must be a non-blank string of at most " + MAX_CITATION_LENGTH + " characters");
        }
        return node.asText();
    }

    private static ApiProblem describe(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "body";
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ApiProblem.invalidField(field, "unknown field; known fields are " + unknown.getKnownPropertyIds());
        }
        Throwable cause = e.getCause();
        if (e instanceof ValueInstantiationException && cause instanceof InvalidIdentifierException invalidId) {
            return ApiProblem.invalidField(field, invalidId.rule());
        }
        if (cause instanceof InvalidIdentifierException invalidId) {
            return ApiProblem.invalidField(field, invalidId.rule());
        }
        if (e instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            if (target != null && target.isEnum()) {
                return ApiProblem.invalidField(field, "must be one of " + List.of(target.getEnumConstants()));
            }
            if (target == LocalDate.class) {
                return ApiProblem.invalidField(field, "must be an ISO-8601 date such as 2025-11-17, in the years 0001 to 9999");
            }
            if (target == Instant.class) {
                return ApiProblem.invalidField(field, "must be an ISO-8601 UTC instant such as 2025-10-17T09:00:00Z");
            }
            return ApiProblem.invalidField(field, "has the wrong format for " + simpleName(target));
        }
        if (e instanceof InvalidNullException) {
            return ApiProblem.invalidField(field, "must not be null");
        }
        if (e instanceof MismatchedInputException mismatch) {
            return ApiProblem.invalidField(field, "must be " + expected(mismatch.getTargetType()));
        }
        return ApiProblem.invalidField(field, "is invalid");
    }

    /**
     * Dates in the years 0001 to 9999 only: the lookup tables keep some of them in PostgreSQL DATE
     * columns, which end long before Java's LocalDate does; a command's date beyond them would fail in the
     * database, not here with the field's name.
     */
    private static final class BoundedLocalDateDeserializer extends StdDeserializer<LocalDate> {

        BoundedLocalDateDeserializer() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            // a string in ISO-8601's calendar-date form only: Jackson's own reader would also take a number (days since
            // 1970), an array ([2029,11,17]) or a date-time, and record a date the client may not have meant
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                throw InvalidFormatException.from(parser, "not a string", parser.currentToken(), LocalDate.class);
            }
            LocalDate date;
            try {
                date = LocalDate.parse(parser.getText());
            } catch (DateTimeParseException e) {
                throw context.weirdStringException(parser.getText(), LocalDate.class, "not an ISO-8601 date");
            }
            if (date.getYear() < 1 || date.getYear() > 9999) {
                throw context.weirdStringException(parser.getText(), LocalDate.class, "outside the years 0001 to 9999");
            }
            return date;
        }
    }

    /**
     * A nation a command brings in must be one ISO 3166-1 has assigned; events are read by the code's shape alone
     * (Nation's own creator), and so is a command's nation marked {@link RecordedNation}, which points at what is
     * recorded (staff to detach, an objection to withdraw), so that it can still be acted on.
     */
    private static final class AssignedNationDeserializer extends StdDeserializer<Nation> implements ContextualDeserializer {

        private final boolean assigned;

        AssignedNationDeserializer() {
            this(true);
        }

        private AssignedNationDeserializer(boolean assigned) {
            super(Nation.class);
            this.assigned = assigned;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
            return property != null && property.getAnnotation(RecordedNation.class) != null ? new AssignedNationDeserializer(false) : this;
        }

        @Override
        public Nation deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (Nation) context.handleUnexpectedToken(Nation.class, parser);
            }
            // the 400 names the field from Jackson's path, as for every id; the exception names the kind of id
            return assigned ? Nation.assigned(parser.getText(), "nation") : new Nation(parser.getText());
        }
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the documented type";
        }
        if (type == int.class || type == Integer.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (type.isRecord() && type.getRecordComponents().length == 1) {
            return "a string";
        }
        return "an object (" + simpleName(type) + ")";
    }

    private static String simpleName(Class<?> type) {
        return type == null ? "this field" : type.getSimpleName();
    }

    /** The JSON path of the failing field: {@code units[1].personnel}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}
