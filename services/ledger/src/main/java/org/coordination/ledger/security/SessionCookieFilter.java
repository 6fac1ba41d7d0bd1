package org.coordination.ledger.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides a console session cookie whose value is no session id this service issues, before Spring Session looks it
 * up. Spring Session reads the cookie as base64 and asks the session table for whatever that decodes to: a forged
 * value that decodes to a NUL byte made PostgreSQL refuse the query, so every request carrying it, on any path and
 * whatever its credentials, was a 500. The ids are UUIDs (Spring Session's JDBC repository makes them), so any other
 * value names a session that does not exist, and the request goes on as if it carried no such cookie: a console page
 * asks to sign in, an API call is answered by its credentials.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6) // after MalformedRequestFilter, before Spring Session's SessionRepositoryFilter (+50)
class SessionCookieFilter extends OncePerRequestFilter {

    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final String cookieName;

    // read as a property, not from ServerProperties: that bean exists only in a web application, and the ledger also
    // runs without a web server (tools, benchmarks, tests); SESSION is Spring Session's own default
    SessionCookieFilter(@Value("${server.servlet.session.cookie.name:SESSION}") String cookieName) {
        this.cookieName = cookieName;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Cookie[] cookies = request.getCookies();
        if (cookies == null || Arrays.stream(cookies).allMatch(this::acceptable)) {
            chain.doFilter(request, response);
            return;
        }
        Cookie[] kept = Arrays.stream(cookies).filter(this::acceptable).toArray(Cookie[]::new);
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public Cookie[] getCookies() {
                return kept.length == 0 ? null : kept.clone();
            }
        }, response);
    }

    private boolean acceptable(Cookie cookie) {
        return !cookieName.equals(cookie.getName()) || isSessionId(cookie.getValue());
    }

    static boolean isSessionId(String cookieValue) {
        try {
            return SESSION_ID.matcher(new String(Base64.getDecoder().decode(cookieValue), StandardCharsets.UTF_8)).matches();
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
