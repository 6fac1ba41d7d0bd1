package org.coordination.ledger.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A refusal the API answers with an RFC 9457 problem document. */
public class ApiProblem extends RuntimeException {

    /** A field that failed and the rule it broke. */
    public record FieldError(String field, String message) {
    }

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final transient Map<String, Object> properties;

    public ApiProblem(HttpStatus status, String slug, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.properties = properties;
    }

    public static ApiProblem invalid(String detail, List<FieldError> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail, Map.of("errors", errors));
    }

    public static ApiProblem invalidField(String field, String message) {
        return invalid(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, Map.of());
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, Map.of());
    }

    public static ApiProblem conflict(String slug, String title, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, slug, title, detail, Map.of());
    }

    /** How much of a value the client sent a detail quotes back, as of an unknown command's name. */
    public static final int ECHO_LENGTH = 64;

    /**
     * A value the client sent, fit to quote back in a detail: its first {@value #ECHO_LENGTH} characters and then "…",
     * with control, format (bidi overrides such as U+202E, zero-width characters) and line or paragraph separator
     * characters written as {@code \\uXXXX}, so that an answer neither grows with the input nor reorders or hides the
     * text around the value where someone reads it.
     */
    public static String echo(String value) {
        if (value == null) {
            return null;
        }
        int[] codePoints = value.codePoints().limit(ECHO_LENGTH + 1L).toArray();
        String printable = printable(java.util.Arrays.stream(codePoints).limit(ECHO_LENGTH));
        return codePoints.length > ECHO_LENGTH ? printable + "…" : printable;
    }

    /**
     * A text from the request (a parser's message quoting the input, say) put into an answer whole: control,
     * bidirectional and other invisible format characters written as \\uXXXX, so the answer shows what was sent.
     */
    public static String printable(String value) {
        return value == null ? null : printable(value.codePoints());
    }

    private static String printable(java.util.stream.IntStream codePoints) {
        StringBuilder out = new StringBuilder();
        codePoints.forEach(c -> {
            int category = Character.getType(c);
            if (category == Character.CONTROL || category == Character.FORMAT || category == Character.LINE_SEPARATOR
                    || category == Character.PARAGRAPH_SEPARATOR || category == Character.SURROGATE || !Character.isDefined(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    public static URI type(String slug) {
        return URI.create("urn:problem:coordination-ledger:" + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(type(slug));
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
