package org.coordination.ledger.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The body the filter has read is what everything downstream reads, however it reads it. */
class RequestSizeLimitFilterTest {

    private final RequestSizeLimitFilter filter = new RequestSizeLimitFilter(64, new ObjectMapper());

    @Test
    void aBodyReadWholeAfterThePartOfItAlreadyReadIsTheRestOfIt() throws Exception {
        ServletRequest passed = passedOn("{\"forceId\":\"F-1\"}");

        assertThat(passed.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("{\"forceId\":\"F-1\"}");
        var again = passed.getInputStream();
        assertThat(again.read()).isEqualTo('{');
        assertThat(again.readNBytes(10)).asString(StandardCharsets.UTF_8).isEqualTo("\"forceId\":");
        assertThat(again.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("\"F-1\"}");
        assertThat(again.readAllBytes()).isEmpty();
        assertThat(again.isFinished()).isTrue();
    }

    @Test
    void aBodyPastTheLimitIsRefusedAndNotPassedOn() throws Exception {
        // the second is the same path encoded, which Spring MVC routes to the same endpoint
        for (String path : new String[] {"/api/v1/commands/AppointLead", "/%61pi/v1/commands/AppointLead"}) {
            var request = new MockHttpServletRequest("POST", path);
            request.setContent("x".repeat(65).getBytes(StandardCharsets.UTF_8));
            var response = new MockHttpServletResponse();
            var passed = new AtomicReference<ServletRequest>();

            filter.doFilter(request, response, (req, res) -> passed.set(req));

            assertThat(passed).as(path).hasNullValue();
            assertThat(response.getStatus()).as(path).isEqualTo(413);
        }
    }

    @Test
    void aChunkedBodyIsReadUpToTheLimitAndRefusedOnlyPastIt() throws Exception {
        var atTheLimit = chunked("y".repeat(64));
        var passed = new AtomicReference<ServletRequest>();
        filter.doFilter(atTheLimit, new MockHttpServletResponse(), (req, res) -> passed.set(req));
        assertThat(passed.get().getInputStream().readAllBytes()).hasSize(64);
        assertThat(passed.get().getContentLength()).isEqualTo(64);

        var response = new MockHttpServletResponse();
        passed.set(null);
        filter.doFilter(chunked("y".repeat(65)), response, (req, res) -> passed.set(req));
        assertThat(passed).hasNullValue();
        assertThat(response.getStatus()).isEqualTo(413);
    }

    /** A request whose body comes in chunks: no length announced. */
    private static MockHttpServletRequest chunked(String body) {
        var request = new MockHttpServletRequest("POST", "/api/v1/commands/AppointLead") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private ServletRequest passedOn(String body) throws Exception {
        var request = new MockHttpServletRequest("POST", "/api/v1/commands/AppointLead");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        var passed = new AtomicReference<ServletRequest>();
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(req));
        return passed.get();
    }
}
