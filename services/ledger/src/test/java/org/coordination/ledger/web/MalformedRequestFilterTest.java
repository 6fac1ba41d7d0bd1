package org.coordination.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.mock.web.MockHttpServletResponse;

/** A query parameter of the API given twice is ambiguous, so it is refused; elsewhere a name may repeat. */
class MalformedRequestFilterTest {

    private final ObjectMapper json = Jackson2ObjectMapperBuilder.json().build(); // as Spring Boot's: a problem's properties at its top level
    private final MalformedRequestFilter filter = new MalformedRequestFilter(json);

    @Test
    void anApiParameterGivenTwiceIsRefusedNamingIt() throws Exception {
        for (String query : new String[] {"asOf=2026-01-01T00:00:00Z&asOf=2026-06-01T00:00:00Z", "limit=10&after=3&limit=10", "proof&proof=true",
                "as%4Ff=2026-01-01T00:00:00Z&asOf=2026-06-01T00:00:00Z"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();

            boolean passed = filter("/api/v1/audit/events", query, response);

            assertThat(passed).as(query).isFalse();
            assertThat(response.getStatus()).as(query).isEqualTo(400);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            JsonNode error = json.readTree(response.getContentAsByteArray()).get("errors").get(0);
            assertThat(error.get("field").asText()).as(query).isEqualTo(query.startsWith("proof") ? "proof" : query.startsWith("limit") ? "limit" : "asOf");
            assertThat(error.get("message").asText()).isEqualTo("must be given once");
        }
    }

    /** Spring MVC routes the decoded path: {@code /%61pi/v1/…} is {@code /api/v1/…}. */
    @Test
    void anEncodedApiPathIsTheApiToo() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThat(filter("/%61pi/v1/audit/events", "limit=1&limit=500", response)).isFalse();
        assertThat(response.getStatus()).isEqualTo(400);
    }

    @Test
    void distinctParametersAndEmptyPairsPass() throws Exception {
        for (String query : new String[] {"after=3&limit=10", "limit=10&&after=3&", "limit=10&Limit=10"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();

            assertThat(filter("/api/v1/audit/events", query, response)).as(query).isTrue();
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    /** The container drops a parameter without a name, so the read would go on as if it had not been sent. */
    @Test
    void anApiParameterWithoutANameIsRefused() throws Exception {
        for (String query : new String[] {"=1&limit=10", "limit=10&=", "=1&=2&limit=10"}) {
            MockHttpServletResponse response = new MockHttpServletResponse();

            assertThat(filter("/api/v1/audit/events", query, response)).as(query).isFalse();
            assertThat(response.getStatus()).as(query).isEqualTo(400);
            assertThat(json.readTree(response.getContentAsByteArray()).get("errors").get(0).get("field").asText()).isEqualTo("(unnamed)");
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(filter("/actuator/metrics/ledger.commands", "=1", response)).as("outside the API, as before").isTrue();
    }

    @Test
    void outsideTheApiANameMayRepeat() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThat(filter("/actuator/metrics/ledger.commands", "tag=command:AppointLead&tag=outcome:accepted", response)).isTrue();
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private boolean filter(String path, String query, MockHttpServletResponse response) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setQueryString(query);
        AtomicBoolean passed = new AtomicBoolean();
        filter.doFilter(request, response, (req, res) -> passed.set(true));
        return passed.get();
    }
}
