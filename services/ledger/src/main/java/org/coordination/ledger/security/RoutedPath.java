package org.coordination.ledger.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/**
 * A request's path as Spring MVC routes it: within the application and percent-decoded. Whatever decides by path
 * which requests are the API's decides on this, never on the raw URI: {@code /%61pi/v1/commands/…} reaches the command
 * endpoint, and a check of the raw path once let its body past the size limit.
 */
public final class RoutedPath {

    private static final String API = "/api/";

    private RoutedPath() {
    }

    public static String of(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    /** Whether the request is routed to the API ({@code /api/…}). */
    public static boolean isApi(HttpServletRequest request) {
        return isApi(of(request));
    }

    /** Whether a path {@link #of routed} is the API's. */
    public static boolean isApi(String routedPath) {
        return routedPath.startsWith(API);
    }
}
