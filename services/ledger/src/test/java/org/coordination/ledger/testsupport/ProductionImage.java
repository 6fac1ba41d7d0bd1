package org.coordination.ledger.testsupport;

import java.util.List;

/** How the Docker image lays out the production jar (services/ledger/Dockerfile), for the tests that check and run it. */
public final class ProductionImage {

    /**
     * The arguments of the image's {@code java -Djarmode=tools -jar <production jar> …}: Spring Boot's extracted layout,
     * {@code ledger.jar} with its libraries in {@code lib/} beside it.
     */
    public static final List<String> EXTRACT = List.of("extract", "--destination", "<destination>", "--application-filename", "ledger.jar");

    private ProductionImage() {
    }
}
