package org.coordination.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.junit.jupiter.api.Test;

/**
 * A policy that follows pledges (associates with {@code contributionId}) hears every event of them
 * through one handler taking {@link ContributionEvent}, which moves the pledge's state through
 * ContributionState.after: a new contribution event then reaches every policy without anyone listing it,
 * and a policy cannot miss a pledge closing.
 */
class PoliciesFollowThePledgeLifecycleTest {

    @Test
    void everyPolicyThatFollowsPledgesHasAHandlerForEveryContributionEvent() {
        List<JavaClass> following = policies().stream()
                .filter(policy -> handlers(policy).stream().anyMatch(PoliciesFollowThePledgeLifecycleTest::associatesOnContribution))
                .collect(Collectors.toList());
        assertThat(following).extracting(JavaClass::getSimpleName)
                .containsExactlyInAnyOrder("MandatePolicy", "ConsentPolicy", "RulesOfEngagementPolicy", "WithdrawalPolicy");
        for (JavaClass policy : following) {
            assertThat(handlers(policy))
                    .as("%s follows pledges: it needs @SagaEventHandler(associationProperty = \"contributionId\") on(ContributionEvent)",
                            policy.getSimpleName())
                    .anyMatch(handler -> handler.getRawParameterTypes().size() >= 1
                            && handler.getRawParameterTypes().get(0).isEquivalentTo(ContributionEvent.class)
                            && associatesOnContribution(handler));
        }
    }

    private static List<JavaClass> policies() {
        return ArchitectureTest.LEDGER.stream().filter(c -> c.isAnnotatedWith(Saga.class)).collect(Collectors.toList());
    }

    private static List<JavaMethod> handlers(JavaClass policy) {
        return policy.getMethods().stream().filter(m -> m.isAnnotatedWith(SagaEventHandler.class)).collect(Collectors.toList());
    }

    private static boolean associatesOnContribution(JavaMethod handler) {
        SagaEventHandler annotation = handler.getAnnotationOfType(SagaEventHandler.class);
        String key = annotation.keyName().isEmpty() ? annotation.associationProperty() : annotation.keyName();
        return key.equals("contributionId");
    }
}
