package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * requests.http is what a newcomer runs first: every request in it is sent, in order, to the running
 * service; commands must be accepted (or refused with exactly the rule the step announces), reads must answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestsHttpIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void everyRequestOfTheWalkthroughWorks() throws IOException, InterruptedException {
        assertThat(Walkthrough.run(port)).isGreaterThan(50);
    }
}
