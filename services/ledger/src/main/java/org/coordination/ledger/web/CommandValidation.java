package org.coordination.ledger.web;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import java.lang.annotation.ElementType;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bean Validation that checks every property of a command without asking JPA first.
 *
 * <p>Why: with JPA on the class path, Hibernate Validator's default traversable resolver asks the persistence
 * providers, for every property it validates, whether that property is loaded (a lazy association is not
 * validated before it is). What it validates here are commands and their values, records built by Jackson
 * from a request's body, never entities: every property is loaded and every one must be checked. The question
 * cost a search of the persistence providers and of the class's annotations per property, on the request
 * thread (docs/benchmarks.md, change 52).
 */
@Configuration(proxyBeanMethods = false)
class CommandValidation {

    @Bean
    ValidationConfigurationCustomizer traverseEveryProperty() {
        return configuration -> configuration.traversableResolver(new EveryProperty());
    }

    /** Every property reachable and cascadable, as Bean Validation's own default is without JPA. */
    static final class EveryProperty implements TraversableResolver {

        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToBean, ElementType elementType) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToBean, ElementType elementType) {
            return true;
        }
    }
}
