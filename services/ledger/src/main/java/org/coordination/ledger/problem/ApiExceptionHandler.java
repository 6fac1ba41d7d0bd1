package org.coordination.ledger.problem;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as application/problem+json (RFC 9457), Spring MVC's own included. Where Spring MVC
 * refuses a parameter, a path variable or a header, the answer is the API's own {@code invalid-request} with
 * {@code errors} naming it and the rule, as the API's own checks answer, not Spring's generic 400 that says
 * neither in a form a client can read.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private final ProblemMapper problems;

    ApiExceptionHandler(ProblemMapper problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handle(Exception failure) {
        ProblemDetail problem = problems.toProblem(failure);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(ProblemMapper.RETRY_AFTER_SECONDS));
        }
        return response.body(problem);
    }

    /** {@code ?after=x}, {@code /checkpoints/x}, {@code ?current=maybe}, a number beyond its type's range. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : ex.getPropertyName();
        return invalid(ex, name == null ? "parameter" : name, expected(ex.getRequiredType()), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        return invalid(ex, ex.getParameterName(), "is required", request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingPathVariable(MissingPathVariableException ex, HttpHeaders headers,
                                                               HttpStatusCode status, WebRequest request) {
        if (!ex.isMissingAfterConversion()) {
            // a mapping that does not declare the variable its method reads: the ledger's own mistake, and a 500
            return super.handleMissingPathVariable(ex, headers, status, request);
        }
        return invalid(ex, ex.getVariableName(), "is required", request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(ServletRequestBindingException ex, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        if (ex instanceof MissingRequestHeaderException header) {
            return invalid(ex, header.getHeaderName(), "is required", request);
        }
        return super.handleServletRequestBindingException(ex, headers, status, request);
    }

    /**
     * An {@code Accept} that does not parse is the client's malformed header (400); one that parses but names
     * nothing this path answers with is a 406. Spring MVC answers both 406 and names the header in neither.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex, HttpHeaders headers,
                                                                      HttpStatusCode status, WebRequest request) {
        String[] accept = request.getHeaderValues(HttpHeaders.ACCEPT);
        if (accept != null && !parsable(accept)) {
            return invalid(ex, HttpHeaders.ACCEPT, "is not a valid list of media types, e.g. application/json", request);
        }
        List<MediaType> supported = ex.getSupportedMediaTypes();
        ex.getBody().setProperty("errors", List.of(new ApiProblem.FieldError(HttpHeaders.ACCEPT,
                supported.isEmpty() ? "names no media type this path answers with" : "must accept one of " + supported)));
        return super.handleHttpMediaTypeNotAcceptable(ex, headers, status, request);
    }

    /** A body of a type the endpoint does not read: answered as the command endpoint answers it (CommandController). */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex, HttpHeaders headers,
                                                                     HttpStatusCode status, WebRequest request) {
        List<MediaType> supported = ex.getSupportedMediaTypes();
        String rule = supported.isEmpty() ? "is not a media type this path reads"
                : "must be " + supported.stream().map(MediaType::toString).collect(Collectors.joining(" or "));
        ProblemDetail problem = new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                "Content-Type " + rule, Map.of("errors", List.of(new ApiProblem.FieldError(HttpHeaders.CONTENT_TYPE, rule)))).toProblemDetail();
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem && problem.getType().toString().equals("about:blank")) {
            problem.setType(ApiProblem.type("http-" + statusCode.value()));
        }
        return response == null ? null : ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(response.getBody());
    }

    private ResponseEntity<Object> invalid(Exception ex, String name, String rule, WebRequest request) {
        return handleExceptionInternal(ex, ApiProblem.invalidField(name, rule).toProblemDetail(), new HttpHeaders(), HttpStatus.BAD_REQUEST,
                request);
    }

    /** The rule a parameter of this type follows, in the words the API's own checks use; the value itself is not echoed. */
    static String expected(Class<?> type) {
        if (type == long.class || type == Long.class) {
            return "must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == int.class || type == Integer.class) {
            return "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type != null && type.isEnum()) {
            return "must be one of " + List.of(type.getEnumConstants());
        }
        return "has the wrong format" + (type == null ? "" : " for " + type.getSimpleName());
    }

    private static boolean parsable(String[] accept) {
        try {
            for (String value : accept) {
                MediaType.parseMediaTypes(value);
            }
            return true;
        } catch (IllegalArgumentException unparsable) { // InvalidMediaTypeException, or a q that is no number
            return false;
        }
    }
}
