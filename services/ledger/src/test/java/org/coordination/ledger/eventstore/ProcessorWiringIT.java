package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.coordination.ledger.consent.policy.ConsentPolicy;
import org.coordination.ledger.contribution.policy.WithdrawalPolicy;
import org.coordination.ledger.force.policy.RulesOfEngagementPolicy;
import org.coordination.ledger.mandate.policy.MandatePolicy;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The processors as the ledger runs them: the read models and every policy read the store through the
 * lingering source, whether Axon's Spring Boot support made the processor (named in application.yml,
 * where a processor without a {@code source} would read the store directly) or the ledger's own
 * configuration did (the policies), each for as long as its setting says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ProcessorWiringIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @Autowired
    EventProcessingConfiguration processing;
    @Value("${ledger.processors.linger}")
    Duration linger;
    @Autowired
    HandlerDefinition handlerDefinition;
    @Value("${ledger.processors.policy-linger}")
    Duration policyLinger;
    @Value("${ledger.merkle.linger}")
    Duration merkleLinger;

    @Test
    void everyTrackingProcessorReadsThroughTheLingeringSource() {
        List<TrackingEventProcessor> processors = processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance).map(TrackingEventProcessor.class::cast)
                // a rebuild's shadow processor reads from the start of the store and stops once it reaches the head
                .filter(processor -> !processor.getName().equals("read-models-rebuild")).toList();
        assertThat(processors).extracting(TrackingEventProcessor::getName).contains("read-models", PolicyResumePoints.PROCESSOR)
                .doesNotContain("ConsentPolicyProcessor", "MandatePolicyProcessor", "RulesOfEngagementPolicyProcessor",
                        "WithdrawalPolicyProcessor");
        assertThat(processors).allSatisfy(processor ->
                assertThat(processor.getMessageSource()).as(processor.getName()).isInstanceOf(LingeringEventSource.class));
        // the policies and the Merkle log each by their own setting, the read models and the publisher by the processors'
        assertThat(processors).allSatisfy(processor -> assertThat(((LingeringEventSource) processor.getMessageSource()).linger())
                .as(processor.getName()).isEqualTo(processor.getName().equals(PolicyResumePoints.PROCESSOR) ? policyLinger
                        : processor.getName().equals("merkle-log") ? merkleLinger : linger));
    }

    @Value("${ledger.processors.thread-priority}")
    int threadPriority;

    @Test
    void everyProcessorsThreadRunsBelowTheRequestThreads() {
        assertThat(threadPriority).isLessThan(Thread.NORM_PRIORITY);
        // the three processors and the store's reader that serves them at the head
        List<String> live = List.of("EventProcessor[read-models]", "EventProcessor[" + PolicyResumePoints.PROCESSOR + "]",
                "EventProcessor[merkle-log]", "EmbeddedEventStore-");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var threads = Thread.getAllStackTraces().keySet();
            for (String name : live) {
                assertThat(threads).filteredOn(thread -> thread.getName().startsWith(name)).as(name).isNotEmpty()
                        .allSatisfy(thread -> assertThat(thread.getPriority()).as(thread.getName()).isEqualTo(threadPriority));
            }
        });
    }

    @Test
    void thePoliciesHandlersDeclineWhatTheirOwnProcessorsHadHandledBeforeTheyShareOne() {
        for (Class<?> policy : List.of(ConsentPolicy.class, MandatePolicy.class, RulesOfEngagementPolicy.class, WithdrawalPolicy.class)) {
            var handlers = AnnotatedHandlerInspector.inspectType(policy, ClasspathParameterResolverFactory.forClass(policy), handlerDefinition)
                    .getHandlers(policy).toList();
            assertThat(handlers).as(policy.getSimpleName()).isNotEmpty()
                    .allSatisfy(handler -> assertThat(handler.unwrap(PolicyResumePoints.Resuming.class)).isPresent());
        }
    }
}
