package org.coordination.ledger.config;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Zero-setup default: without a database URL the ledger starts a real PostgreSQL 17 from a jar,
 * keeping its data directory between runs so that stopping and starting keeps every event.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
        Path dataDirectory = properties.dataDirectory().toAbsolutePath().normalize();
        Files.createDirectories(dataDirectory);
        // initdb only runs on an empty directory; an existing cluster is reused as it is.
        boolean existing = Files.exists(dataDirectory.resolve("PG_VERSION"));
        OrphanedPostmaster.stopIfAny(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // Spring stops the database as its last bean, after the processors; a JVM hook of its own
                // would race them on shutdown and kill connections still committing.
                .setRegisterShutdownHook(false)
                // production durability: an acknowledged command survives a crash
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100");
        if (properties.port() > 0) {
            builder.setPort(properties.port()); // otherwise a free port is chosen
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL {} on port {} with its data in {} ({}). "
                        + "To use a real server instead, set LEDGER_DB_URL (and LEDGER_DB_USER, LEDGER_DB_PASSWORD).",
                "17", postgres.getPort(), dataDirectory, existing ? "existing ledger reopened" : "new ledger");
        return postgres;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        // Pool settings (spring.datasource.hikari.*) are bound onto this instance after creation.
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("ledger-embedded");
        return dataSource;
    }
}
