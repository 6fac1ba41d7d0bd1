package org.coordination.ledger.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.security.RoutedPath;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else reads them, the headers and query parameters the frameworks cannot
 * handle. Spring Security's firewall checks header values and parameter names only when someone asks
 * for them, and throws from wherever that is (a controller's argument, Spring MVC listing every header,
 * the actuator listing the parameters), where the error becomes a 500; Spring MVC likewise throws an
 * IllegalArgumentException, not a 415, when it meets a Content-Type with a wildcard. Checking here,
 * ahead of authentication, gives every caller (anonymous, wrong password, any role) the same 400 or 415
 * naming the header.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5) // before the body size limit, Spring Security and Spring MVC
class MalformedRequestFilter extends OncePerRequestFilter {

    /** The rule StrictHttpFirewall applies by default to header names, header values and parameter names. */
    private static final Pattern ALLOWED = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final String IDENTITY = "identity";

    /**
     * Headers that carry one value, which the frameworks read as the first of several: two {@code Authorization}
     * headers acted as whoever came first, two CSRF tokens passed on the first. Sent twice, the request is ambiguous
     * about who is asking or what the body is, so it is refused, naming the header.
     */
    private static final Map<String, String> ONCE = Map.of("authorization", HttpHeaders.AUTHORIZATION, "x-csrf-token", "X-CSRF-TOKEN",
            "content-type", HttpHeaders.CONTENT_TYPE, "content-encoding", HttpHeaders.CONTENT_ENCODING);

    private final ObjectMapper json;

    MalformedRequestFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ApiProblem refusal = headerRefusal(request);
        if (refusal == null) {
            refusal = parameterRefusal(request.getQueryString(), RoutedPath.isApi(request));
        }
        if (refusal == null) {
            refusal = contentTypeRefusal(request);
        }
        if (refusal == null) {
            refusal = contentEncodingRefusal(request);
            if (refusal != null) {
                response.setHeader(HttpHeaders.ACCEPT_ENCODING, IDENTITY); // RFC 9110, 15.5.16: the codings that would do
            }
        }
        if (refusal != null) {
            write(response, refusal.toProblemDetail());
            return;
        }
        chain.doFilter(request, response);
    }

    private static ApiProblem headerRefusal(HttpServletRequest request) {
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!ALLOWED.matcher(name).matches()) {
                return ApiProblem.invalidField(printable(name), "header names must not contain control characters");
            }
            int values = 0;
            for (String value : Collections.list(request.getHeaders(name))) {
                values++;
                if (!ALLOWED.matcher(value).matches()) {
                    // the value is not echoed: it may be a credential
                    return ApiProblem.invalidField(canonical(name), "must not contain control characters (bytes 0x00-0x1F or 0x7F-0x9F); "
                            + "header values are read as ISO-8859-1, so send ASCII");
                }
            }
            String once = ONCE.get(name.toLowerCase(Locale.ROOT));
            if (values > 1 && once != null) {
                return ApiProblem.invalidField(once, "must be sent once");
            }
        }
        return null;
    }

    /**
     * Query parameters as the container decodes them. Names: the firewall's rule. Values: the same, since
     * no parameter of this API (ids, times, limits, cursors) has a use for control characters, and a NUL
     * would otherwise reach PostgreSQL, which refuses it with an error that reads as a conflict. Only the
     * query string is read: asking the request for its parameters would read a form body before the size
     * limit sees it.
     *
     * <p>Every parameter of the API ({@code /api/}) takes one value. Given several, Spring MVC binds a number or a
     * boolean to the first ({@code ?limit=10&limit=5000} was a page of ten) and a text to all of them joined by commas
     * ({@code ?eventId=a&eventId=b} looked up {@code a,b}). Such a request is ambiguous, so it is refused, naming the
     * parameter. Elsewhere a name may repeat: the actuator's metrics take one {@code tag} per dimension.
     */
    static ApiProblem parameterRefusal(String query, boolean eachOnce) {
        if (query == null) {
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException undecodable) {
                // the container drops such a parameter, so the read went on without it: limit=%zz was the default page
                String raw = equals < 0 ? pair : pair.substring(0, equals);
                return ApiProblem.invalidField(ApiProblem.echo(raw), "must be percent-encoded as UTF-8 (a % followed by two hex digits)");
            }
            if (!ALLOWED.matcher(name).matches()) {
                return ApiProblem.invalidField(printable(name), "query parameter names must not contain control characters");
            }
            if (!ALLOWED.matcher(value).matches()) {
                return ApiProblem.invalidField(printable(name), "must not contain control characters");
            }
            if (eachOnce && name.isEmpty() && equals >= 0) {
                // "?=x": the container drops it, so the read went on as if it had not been sent
                return ApiProblem.invalidField("(unnamed)", "is a query parameter without a name; every parameter of the API has one");
            }
            if (eachOnce && !name.isEmpty() && !seen.add(name)) { // the container drops a parameter without a name
                return ApiProblem.invalidField(ApiProblem.echo(name), "must be given once");
            }
        }
        return null;
    }

    /**
     * Every request that declares a Content-Type must declare a concrete, parsable one: {@code *}{@code /*},
     * {@code application/*} or a charset Java does not know are not types a body can be read as.
     */
    private static ApiProblem contentTypeRefusal(HttpServletRequest request) {
        for (String value : Collections.list(request.getHeaders(HttpHeaders.CONTENT_TYPE))) {
            String reason = null;
            try {
                MediaType type = MediaType.parseMediaType(value);
                if (type.isWildcardType() || type.isWildcardSubtype()) {
                    reason = "must name one media type, not a wildcard; commands are sent as application/json";
                }
            } catch (RuntimeException unparsable) {
                reason = "is not a valid media type; commands are sent as application/json";
            }
            if (reason != null) {
                return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                        "Content-Type " + reason, Map.of("errors", List.of(new ApiProblem.FieldError(HttpHeaders.CONTENT_TYPE, reason))));
            }
        }
        return null;
    }

    /**
     * Bodies are read as sent: nothing here decodes gzip or any other content coding, so a compressed body would be
     * read as its compressed bytes (or, worse, a plain body labelled gzip accepted and written). Anything but
     * {@code identity} is refused with 415, the status HTTP gives an unsupported content coding.
     */
    private static ApiProblem contentEncodingRefusal(HttpServletRequest request) {
        for (String value : Collections.list(request.getHeaders(HttpHeaders.CONTENT_ENCODING))) {
            for (String coding : value.split(",")) {
                String trimmed = coding.trim();
                if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase(IDENTITY)) {
                    String reason = "must be identity (or absent): bodies are not accepted compressed";
                    return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                            "Content-Encoding " + reason, Map.of("errors", List.of(new ApiProblem.FieldError(HttpHeaders.CONTENT_ENCODING, reason))));
                }
            }
        }
        return null;
    }

    /** The container hands header names over in lower case; answer with the usual spelling: Idempotency-Key. */
    static String canonical(String header) {
        StringBuilder out = new StringBuilder(header.length());
        boolean start = true;
        for (char c : header.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : c);
            start = c == '-';
        }
        return out.toString();
    }

    /** A name to report back: control characters as \\uXXXX, so the answer itself stays printable. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || !Character.isDefined(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
