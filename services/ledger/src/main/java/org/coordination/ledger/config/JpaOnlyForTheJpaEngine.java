package org.coordination.ledger.config;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's JPA (Hibernate's entity manager factory and Spring Data's repositories) only where something uses it:
 * with {@code ledger.event-store.engine=jpa}, the benchmark's peer. With the JDBC engine, the default, events, tokens,
 * sagas and dead letters all go through JDBC, and JPA on the class path cost every start about 2.4 s of building
 * Hibernate's metamodel, and every transaction of every thread a Hibernate session, since it made Spring's
 * {@code JpaTransactionManager} the transaction manager (docs/benchmarks.md, change 77). Without it Spring Boot's
 * JDBC transaction manager takes its place. A filter rather than {@code spring.autoconfigure.exclude}, because it
 * follows the engine's setting wherever that is set, a test's dynamic properties included. Registered in
 * META-INF/spring.factories.
 */
public class JpaOnlyForTheJpaEngine implements AutoConfigurationImportFilter, EnvironmentAware {

    static final String ENGINE = "ledger.event-store.engine";
    static final Set<String> JPA = Set.of(
            "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
            "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean jpaEngine = "jpa".equals(environment.getProperty(ENGINE, "jdbc"));
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String candidate = autoConfigurationClasses[i]; // null where an earlier filter has already left one out
            matches[i] = jpaEngine || candidate == null || !JPA.contains(candidate);
        }
        return matches;
    }
}
