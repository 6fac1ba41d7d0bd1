package org.coordination.ledger.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The web console's two pages: the console itself at {@code /} and its sign-in at {@code /login}. Each is
 * a static HTML file with the session's CSRF token written in, which the page's script sends back as a
 * header with every command. Everything else the page shows it reads from the API, like any client.
 */
@Controller
@io.swagger.v3.oas.annotations.Hidden // pages for people, not part of the API's contract
class ConsolePages {

    /** The published demo users (docs/api.md); they exist outside prod only, and only there are they offered. */
    static final String DEMO_USERS = """
            <details>
              <summary>Demo users (this machine only; password = user name)</summary>
              <p>coordinator, registrar, auditor, viewer, operator, liaison-usa, liaison-idn, liaison-tur, liaison-qat, liaison-are,
                liaison-aze, liaison-pak, party-isr, party-pse, party-egy</p>
            </details>""";

    private final String console = page("console/index.html");
    private final String login = page("console/login.html");
    private final boolean prod;
    private final boolean oidc;

    ConsolePages(Environment environment) {
        this.prod = environment.matchesProfiles("prod");
        this.oidc = !environment.getProperty("ledger.console.oidc.client-id", "").isBlank();
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    ResponseEntity<String> console(HttpServletRequest request) {
        return html(console.replace("{{csrf}}", csrf(request)));
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    ResponseEntity<String> login(HttpServletRequest request) {
        String notice = request.getParameter("failed") != null ? "<p class=\"refusal\" role=\"alert\">Unknown user or wrong password.</p>"
                : request.getParameter("signedOut") != null ? "<p class=\"notice\" role=\"status\">You have signed out.</p>" : "";
        return html(login.replace("{{csrf}}", csrf(request)).replace("{{notice}}", notice)
                .replace("{{form}}", prod ? "hidden" : "").replace("{{demo}}", prod ? "" : DEMO_USERS)
                .replace("{{oidc}}", prod && oidc ? "" : "hidden")
                .replace("{{unconfigured}}", prod && !oidc ? "" : "hidden"));
    }

    private static String csrf(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : HtmlUtils.htmlEscape(token.getToken());
    }

    private static ResponseEntity<String> html(String body) {
        // the page carries a per-session token: no cache may keep it for someone else
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(body);
    }

    private static String page(String path) {
        try (InputStream in = ConsolePages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("The console's page " + path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
