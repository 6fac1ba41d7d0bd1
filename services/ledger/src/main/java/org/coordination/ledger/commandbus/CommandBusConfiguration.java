package org.coordination.ledger.commandbus;

import java.time.Clock;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.lifecycle.Phase;
import org.coordination.ledger.provenance.CommandProvenanceInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The command bus's interceptors: on dispatch, provenance (recordedAt from the injected clock, effectiveAt
 * defaulted to it); while a command is handled, the events it writes, noted as its {@link CommandOutcome}.
 */
@Configuration(proxyBeanMethods = false)
class CommandBusConfiguration {

    @Bean
    ConfigurerModule commandInterceptors(Clock clock) {
        CommandProvenanceInterceptor provenance = new CommandProvenanceInterceptor(clock);
        CommandOutcomeRecorder outcomes = new CommandOutcomeRecorder();
        return configurer -> configurer.onInitialize(config -> config.onStart(Phase.INSTRUCTION_COMPONENTS, () -> {
            CommandBus commandBus = config.commandBus();
            commandBus.registerDispatchInterceptor(provenance);
            commandBus.registerHandlerInterceptor(outcomes.commandInterceptor());
            config.eventBus().registerDispatchInterceptor(outcomes.eventInterceptor());
        }));
    }
}
