package org.coordination.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.annotations.Parameter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The kinds GET /audit/aggregates/{kind}/{id}/events and …/as-of-proof accept are the kinds the OpenAPI document lists
 * for them.
 */
class AuditKindsTest {

    @Test
    void theDocumentedKindsAreTheAcceptedOnes() throws NoSuchMethodException {
        assertThat(AuditController.KINDS).containsExactlyInAnyOrder("Mandate", "Force", "Contribution", "ConsentRegister",
                "CommandStructure", "HumanitarianCoalition");
        Method stream = AuditController.class.getDeclaredMethod("stream", String.class, String.class, long.class, int.class, boolean.class,
                boolean.class);
        Parameter kind = stream.getParameters()[0].getAnnotation(Parameter.class);
        assertThat(Arrays.asList(kind.schema().allowableValues())).containsExactlyElementsOf(AuditController.KINDS);
        Method asOfProof = AsOfProofController.class.getDeclaredMethod("proof", String.class, String.class, String.class, String.class);
        Parameter proofKind = asOfProof.getParameters()[0].getAnnotation(Parameter.class);
        assertThat(Arrays.asList(proofKind.schema().allowableValues())).containsExactlyElementsOf(AuditController.KINDS);
    }
}
