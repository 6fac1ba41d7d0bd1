package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.force.ActivateForce;
import org.coordination.ledger.contract.structure.DetachStaff;
import org.junit.jupiter.api.Test;

class StreamIdTest {

    @Test
    void aStreamIsItsKindAndIdAndParsesBack() {
        StreamId stream = new StreamId("Force", "isf");
        assertThat(stream.qualified()).isEqualTo("Force:isf");
        assertThat(StreamId.parse("Force:isf")).isEqualTo(stream);
        assertThat(StreamId.of(Force.class, ForceId.of("isf"))).isEqualTo("Force:isf");
        assertThat(StreamId.of(Force.class, null)).as("not known before the creation event").isNull();
    }

    @Test
    void aStringThatIsNotAStreamIsRefused() {
        assertThatThrownBy(() -> StreamId.parse("isf")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StreamId.parse(":isf")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StreamId("Fo:rce", "isf")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCommandTargetsTheStreamOfItsKind() {
        StreamTargetResolver resolver = new StreamTargetResolver();
        VersionedAggregateIdentifier force = resolver.resolveTarget(GenericCommandMessage.asCommandMessage(
                new ActivateForce(ForceId.of("isf"), StructureId.of("isf"), PostId.of("commander"))));
        VersionedAggregateIdentifier structure = resolver.resolveTarget(GenericCommandMessage.asCommandMessage(
                new DetachStaff(StructureId.of("isf"), org.coordination.ledger.contract.common.Nation.of("USA"), 1)));
        assertThat(force.getIdentifier()).isEqualTo("Force:isf");
        assertThat(force.getVersion()).isNull();
        assertThat(structure.getIdentifier()).isEqualTo("CommandStructure:isf");
    }

    @Test
    void ifMatchTravelsAsTheExpectedVersion() {
        VersionedAggregateIdentifier target = new StreamTargetResolver().resolveTarget(GenericCommandMessage.asCommandMessage(
                new ActivateForce(ForceId.of("isf"), StructureId.of("isf"), PostId.of("commander")))
                .andMetaData(Map.of(StreamTargetResolver.EXPECTED_VERSION, 4L)));
        assertThat(target.getVersion()).isEqualTo(4L);
    }

    @Test
    void theStoreKeepsTheBareIdOfTheEventsOwnKind() {
        assertThat(KindScopedStatements.storedId("Force", "Force:isf")).isEqualTo("isf");
        assertThat(KindScopedStatements.storedId("Force", "isf")).as("already bare").isEqualTo("isf");
        assertThat(KindScopedStatements.storedId("Mandate", "Force:isf")).as("another kind's prefix is the id").isEqualTo("Force:isf");
        assertThat(KindScopedStatements.storedId(null, "event-1")).isEqualTo("event-1");
    }

    @Test
    void processorsOrderEventsPerStreamNotPerId() {
        PerStreamSequencingPolicy policy = new PerStreamSequencingPolicy();
        Object force = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Force", "isf", 0, "payload"));
        Object structure = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("CommandStructure", "isf", 0, "payload"));
        assertThat(force).isEqualTo("Force:isf").isNotEqualTo(structure);
    }

    /** Stands for an aggregate class: its simple name is the kind. */
    private static final class Force {
    }
}
