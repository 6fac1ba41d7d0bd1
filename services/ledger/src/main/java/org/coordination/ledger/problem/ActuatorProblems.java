package org.coordination.ledger.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * The actuator answers a name it does not know ({@code /actuator/health/nope}, {@code /actuator/metrics/nope}, a metric
 * without measurements for the tags asked for) with a bare 404: no body, no Content-Type, where every other error of
 * the service is a problem document. Such an answer leaves the response uncommitted and untyped, so here it is turned
 * into the container's error for the same status, which the error path answers as a problem document
 * (ProblemErrorController). Anything the actuator did write carries a Content-Type and is left alone.
 */
@Component
class ActuatorProblems extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !UrlPathHelper.defaultInstance.getPathWithinApplication(request).startsWith("/actuator/"); // decoded, as the actuator is matched
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (response.getStatus() >= 400 && !response.isCommitted() && response.getContentType() == null) {
            response.sendError(response.getStatus());
        }
    }
}
