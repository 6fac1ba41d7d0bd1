package org.coordination.ledger.force.query;

import org.coordination.ledger.readmodel.ViewType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers this feature's documents with the read side, which knows them only as {@link ViewType} beans. */
@Configuration(proxyBeanMethods = false)
class ForceReadModel {

    @Bean
    ViewType<ForceView> forceView() {
        return ForceView.TYPE;
    }

    @Bean
    ViewType<PledgeView> pledgeView() {
        return PledgeView.TYPE;
    }
}
