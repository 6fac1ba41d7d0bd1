package org.coordination.ledger.web;

import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.cfg.ConstraintMapping;
import org.springframework.boot.autoconfigure.validation.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The application's validator reads {@code @NotBlank} as "has something visible" ({@link VisibleText}). */
@Configuration(proxyBeanMethods = false)
class TextValidation {

    @Bean
    ValidationConfigurationCustomizer notBlankMeansVisible() {
        return configuration -> {
            if (configuration instanceof HibernateValidatorConfiguration hibernate) {
                ConstraintMapping mapping = hibernate.createConstraintMapping();
                mapping.constraintDefinition(NotBlank.class).includeExistingValidators(false).validatedBy(VisibleText.NotBlankValidator.class);
                hibernate.addMapping(mapping);
            }
        };
    }
}
