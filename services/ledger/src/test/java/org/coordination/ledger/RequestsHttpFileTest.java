package org.coordination.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.Test;

/**
 * requests.http as an HTTP client opens it: the server comes from the `local` environment of
 * http-client.env.json, every variable a request uses is defined, and the comments name only files of
 * this repository. RequestsHttpIT sends the requests themselves.
 */
class RequestsHttpFileTest {

    static final Pattern VARIABLE_USE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
    static final Pattern REPOSITORY_PATH = Pattern.compile("[A-Za-z0-9_./-]+\\.(?:md|yaml|yml|json|http)");

    @Test
    void theHostComesFromTheLocalEnvironmentNotTheFile() throws IOException {
        assertThat(Walkthrough.localEnvironment()).containsEntry("host", "http://localhost:8080");
        assertThat(Walkthrough.fileVariables()).doesNotContainKey("host");
    }

    @Test
    void everyVariableUsedIsDefined() throws IOException {
        Map<String, String> defined = new java.util.HashMap<>(Walkthrough.variables("http://localhost:8080"));
        Walkthrough.handlerVariables().forEach(name -> defined.put(name, "set from an answer"));
        assertThat(defined).as("the position a command answered, kept for reads").containsKey("position");
        Matcher use = VARIABLE_USE.matcher(requests());
        int uses = 0;
        while (use.find()) {
            assertThat(defined).as("{{%s}}", use.group(1)).containsKey(use.group(1));
            uses++;
        }
        assertThat(uses).isGreaterThan(50);
    }

    @Test
    void theCommentsNameOnlyFilesOfThisRepository() throws IOException {
        String comments = String.join("\n", requests().lines().filter(line -> line.startsWith("#")).toList());
        Matcher path = REPOSITORY_PATH.matcher(comments);
        int named = 0;
        while (path.find()) {
            assertThat(RepositoryFiles.locate(path.group()))
                    .as(path.group()).startsWith(RepositoryFiles.locate("requests.http").getParent());
            named++;
        }
        assertThat(named).as("the seed story's documentation is named").isPositive();
        assertThat(comments).doesNotContain("domain.md");
    }

    static String requests() throws IOException {
        return Files.readString(RepositoryFiles.locate("requests.http"));
    }
}
