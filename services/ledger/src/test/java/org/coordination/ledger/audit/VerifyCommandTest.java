package org.coordination.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The offline verifier's exit status says what it found: 1 a broken ledger, 2 a check it could not make. A kept digest
 * mistyped on the command line is the second, said before any database is touched (the URL here leads nowhere).
 */
class VerifyCommandTest {

    @Test
    void aMistypedDigestIsAUsageErrorNotABrokenLedger() {
        for (String digest : List.of("x:1:" + "a".repeat(64), "1:y:" + "a".repeat(64), "1:1:abc", "1:1:" + "g".repeat(64), "1:1",
                "99999999999999999999:1:" + "a".repeat(64))) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int status = VerifyCommand.run(new String[] {"--db-url", "jdbc:postgresql://127.0.0.1:1/none", "--digest", digest}, Map.of(),
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(status).as(digest).isEqualTo(2);
            assertThat(printed.toString(StandardCharsets.UTF_8)).as(digest).contains("--digest takes UPTO:EVENTS:SHA256");
        }
    }
}
