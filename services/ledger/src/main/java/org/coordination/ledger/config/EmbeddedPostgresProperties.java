package org.coordination.ledger.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The zero-setup database: where the embedded PostgreSQL keeps its data and which port it listens on
 * (0 picks a free one). Only used when no LEDGER_DB_URL is given.
 */
@ConfigurationProperties("ledger.embedded-postgres")
public record EmbeddedPostgresProperties(Path dataDirectory, int port) {

    public EmbeddedPostgresProperties {
        if (dataDirectory == null) {
            dataDirectory = Path.of(".ledger", "data");
        }
    }
}
