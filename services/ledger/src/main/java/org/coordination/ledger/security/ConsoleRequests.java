package org.coordination.ledger.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * Which requests belong to the web console's session: its pages and assets, its sign-in and sign-out, and
 * the API calls its page makes, recognised by the session cookie they carry and the {@code Authorization}
 * header they lack. A request with an {@code Authorization} header is always the API's, whatever cookies
 * come with it: Basic and bearer callers never depend on a session, and never need a CSRF token.
 */
final class ConsoleRequests {

    static final String LOGIN = "/login";
    /** Reachable before signing in: the sign-in page and the assets it uses. */
    static final String[] PUBLIC = {LOGIN, "/console/**", "/favicon.ico"};
    /** The console's page. */
    static final String[] PAGES = {"/", "/logout"};

    private ConsoleRequests() {
    }

    static boolean matches(HttpServletRequest request) {
        String path = RoutedPath.of(request);
        if (path.equals("/") || path.equals(LOGIN) || path.equals("/logout") || path.startsWith("/console/")
                || path.equals("/favicon.ico") || path.startsWith("/oauth2/") || path.startsWith("/login/oauth2/")) {
            return true;
        }
        return request.getHeader(HttpHeaders.AUTHORIZATION) == null && request.getRequestedSessionId() != null
                && (RoutedPath.isApi(path) || path.startsWith("/v3/api-docs"));
    }
}
