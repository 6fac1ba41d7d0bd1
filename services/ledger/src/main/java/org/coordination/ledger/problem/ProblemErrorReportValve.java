package org.coordination.ledger.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * The last word on an error nobody else answered: what Tomcat refuses before any servlet runs (a
 * malformed request line or URI, oversized or malformed headers, CONNECT, an unknown transfer coding,
 * an unsupported HTTP version) and anything that escapes the application. Tomcat's own valve answers
 * these with an HTML page; this one answers with the same problem document as the rest of the API.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    private final ObjectMapper json;

    ProblemErrorReportValve(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // the same guards as Tomcat's: only errors, only if nothing was written, only once
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return; // the connection is already gone: there is no one to answer
        }
        int refusal = refusal(request, status);
        if (refusal != status) {
            response.setStatus(refusal);
            status = refusal;
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(problem(status)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            container.getLogger().debug("Could not write the problem document for status " + status, e);
        }
    }

    /**
     * Tomcat answers a request it will not take with 501 (CONNECT, an unknown transfer coding) or 505 (an
     * HTTP version other than 1.x): statuses that read as the server failing, which is what operators
     * alert on. They are refusals of what the client sent, so they are answered as such: 405 for a method
     * this API does not offer, 400 for the rest (HTTP allows both; 501 and 505 are a SHOULD and a MAY).
     */
    static int refusal(Request request, int status) {
        if (status == 501) {
            return "CONNECT".equalsIgnoreCase(request.getMethod()) ? 405 : 400;
        }
        return status == 505 ? 400 : status;
    }

    static ProblemDetail problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "The request could not be parsed: its request line, URI, HTTP version, transfer coding or headers "
                    + "are malformed or not supported (HTTP/1.1 only), or its headers are larger than the server accepts";
            case 405 -> "The method is not offered by this API";
            case 417 -> "The only expectation supported is 100-continue";
            default -> status >= 500 ? "The request failed unexpectedly" : "The request was refused: " + title;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(ApiProblem.type("http-" + status));
        problem.setTitle(title);
        return problem;
    }
}
