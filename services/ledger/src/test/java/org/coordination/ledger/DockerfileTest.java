package org.coordination.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the image's recipe is read: it must ship the production
 * jar, the one without the embedded PostgreSQL (ProductionStartIT checks that jar's contents and start).
 */
class DockerfileTest {

    @Test
    void theImageShipsTheProductionJarOnly() throws IOException {
        String dockerfile = Files.readString(RepositoryFiles.locate("services/ledger/Dockerfile"));
        assertThat(dockerfile.lines().filter(line -> line.startsWith("COPY --from=build")))
                .singleElement().asString()
                .contains("/src/services/ledger/target/ledger-0.1.0-production.jar /opt/ledger/ledger.jar");
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\"").contains("\"-jar\", \"/opt/ledger/ledger.jar\"]");
    }
}
