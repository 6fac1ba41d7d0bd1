package org.coordination.ledger.readmodel;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import org.coordination.ledger.problem.ApiProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Read your own writes: a command's answer carries its {@code position} (the global index of its last
 * event); a read with {@code ?minPosition=<it>} waits until the read models have folded that event, for
 * at most {@code ledger.read-models.max-wait} (5 s), then answers 503 with {@code Retry-After}. Without
 * the parameter a read answers at once from whatever the read models hold.
 */
@Configuration(proxyBeanMethods = false)
public class ReadYourWrites implements WebMvcConfigurer {

    public static final String PARAMETER = "minPosition";
    /** The reads that wait for {@link #PARAMETER}: every path of the API but the commands' and the audit's. */
    public static final String READS = "/api/v1/**";
    public static final String[] NOT_READS = {"/api/v1/commands/**", "/api/v1/audit/**"};

    private final ReadModelPosition position;
    private final JdbcTemplate jdbc;
    private final Duration maxWait;

    ReadYourWrites(ReadModelPosition position, JdbcTemplate jdbc, @Value("${ledger.read-models.max-wait:5s}") Duration maxWait) {
        this.position = position;
        this.jdbc = jdbc;
        this.maxWait = maxWait;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
                String wanted = request.getParameter(PARAMETER);
                // HEAD is answered as GET: it waits, and is refused, as GET would be
                if (wanted != null && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
                    await(parse(wanted));
                }
                return true;
            }
        }).addPathPatterns(READS).excludePathPatterns(NOT_READS);
    }

    private static long parse(String wanted) {
        if (!wanted.matches("^\\d{1,18}$")) {
            throw ApiProblem.invalidField(PARAMETER, "must be a position (global index) a command's answer gave, e.g. 42");
        }
        return Long.parseLong(wanted);
    }

    private void await(long wanted) throws InterruptedException {
        if (position.reached(wanted)) {
            return;
        }
        // a position no command has been answered with would hold a request thread for the whole wait, for anyone to ask
        long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        if (wanted > head) {
            throw ApiProblem.invalidField(PARAMETER, "is beyond the last position the ledger has recorded (" + head
                    + "): not one a command's answer gave");
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!position.reached(wanted)) {
            if (System.nanoTime() > deadline) {
                throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "read-model-behind", "Read model behind",
                        "The read models have not reached position " + wanted + " within " + maxWait.toSeconds()
                                + " s; retry later", Map.of(PARAMETER, wanted));
            }
            Thread.sleep(20);
        }
    }
}
