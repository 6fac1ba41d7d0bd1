package org.coordination.ledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.coordination.ledger.problem.ProblemMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A bearer token that cannot be checked because the issuer or its key set is unreachable is the
 * service's problem, not the caller's: 503 with Retry-After, like the event store being away. Spring
 * Security rethrows both failures out of its filter chain (BearerTokenAuthenticationFilter rethrows
 * AuthenticationServiceException, raised when the JWK set cannot be fetched; the lazily built decoder
 * throws JwtDecoderInitializationException when the issuer's metadata cannot be fetched), and the
 * container would turn them into a 500. Placed just before the bearer token filter.
 */
class IssuerUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(IssuerUnavailableFilter.class);

    private final ObjectMapper json;

    IssuerUnavailableFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException | JwtDecoderInitializationException unreachable) {
            if (response.isCommitted()) {
                throw unreachable;
            }
            log.warn("Bearer token not verifiable, the token issuer is unreachable: {}", rootCause(unreachable));
            ProblemDetail problem = ProblemMapper.problem(HttpStatus.SERVICE_UNAVAILABLE, "token-issuer-unavailable",
                    "Token issuer unavailable", "The bearer token cannot be verified: the token issuer cannot be reached. "
                            + "Nothing was done; retry later.");
            problem.setProperty("retryAfterSeconds", ProblemMapper.RETRY_AFTER_SECONDS);
            response.resetBuffer();
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(ProblemMapper.RETRY_AFTER_SECONDS));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), problem);
        }
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure.getMessage() + " (" + root + ")";
    }
}
