package org.coordination.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.coordination.ledger.testsupport.ProductionImage;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs where the tests run, so the image's recipe is read: it must ship the production
 * jar, the one without the embedded PostgreSQL (ProductionStartIT checks that jar's contents and start).
 */
class DockerfileTest {

    @Test
    void theImageShipsTheProductionJarOnlyInTheExtractedLayout() throws IOException {
        String dockerfile = Files.readString(RepositoryFiles.locate("services/ledger/Dockerfile"));
        // the build extracts the production jar, as ProductionStartIT does (ProductionImage.EXTRACT), and the image
        // copies that directory alone and starts its ledger.jar
        assertThat(dockerfile.replaceAll("\\\\\n\\s*", ""))
                .contains("java -Djarmode=tools -jar services/ledger/target/ledger-0.1.0-production.jar "
                        + String.join(" ", ProductionImage.EXTRACT).replace("<destination>", "/src/image"));
        assertThat(dockerfile.lines().filter(line -> line.startsWith("COPY --from=build")))
                .singleElement().asString().isEqualTo("COPY --from=build /src/image/ /opt/ledger/");
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\"").contains("\"-jar\", \"/opt/ledger/ledger.jar\"]");
    }

    /** The build compiles with release 21: both stages, the JDK that builds and the runtime, are Temurin 21 or newer. */
    @Test
    void bothStagesRunJava21OrNewer() throws IOException {
        String dockerfile = Files.readString(RepositoryFiles.locate("services/ledger/Dockerfile"));
        Pattern temurin = Pattern.compile("eclipse-temurin[-:](\\d+)");
        assertThat(dockerfile.lines().filter(line -> line.startsWith("FROM ")))
                .hasSize(2)
                .allSatisfy(from -> {
                    Matcher matcher = temurin.matcher(from);
                    assertThat(matcher.find()).as("a Temurin image: %s", from).isTrue();
                    assertThat(Integer.parseInt(matcher.group(1))).as(from).isGreaterThanOrEqualTo(21);
                });
    }
}
