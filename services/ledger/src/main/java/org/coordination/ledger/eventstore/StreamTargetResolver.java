package org.coordination.ledger.eventstore;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.coordination.ledger.contract.common.LedgerCommand;

/**
 * Resolves a command's target stream, {@code <Kind>:<id>} ({@link StreamId}), from the kind its sealed
 * command interface names and the id it carries, and the version the caller expects from the
 * {@code expectedVersion} metadata an {@code If-Match} header puts there. Axon then refuses the command
 * if the aggregate has moved on, under the aggregate's lock, so the check and the append cannot be
 * separated by another command.
 */
public class StreamTargetResolver implements CommandTargetResolver {

    public static final String EXPECTED_VERSION = "expectedVersion";

    /** For a command that is not a ledger command (none today): its {@code @TargetAggregateIdentifier}. */
    private final CommandTargetResolver annotated = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        String target = command.getPayload() instanceof LedgerCommand ledgerCommand
                ? new StreamId(ledgerCommand.aggregateType(), ledgerCommand.aggregateId()).qualified()
                : annotated.resolveTarget(command).getIdentifier();
        Object expected = command.getMetaData().get(EXPECTED_VERSION);
        return new VersionedAggregateIdentifier(target, expected == null ? null : Long.valueOf(expected.toString()));
    }
}
