package org.coordination.ledger.provenance;

import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.coordination.ledger.contract.common.LedgerCommand;

/**
 * How a policy sends a command: as itself (principal {@code policy:<name>}, role POLICY), so that the
 * audit trail shows the system acted, while the causation id still points at the event that moved it.
 * Sent synchronously, so that a failure rolls back the policy's batch and is retried, never lost.
 */
public final class PolicyCommands {

    private PolicyCommands() {
    }

    public static void send(CommandGateway gateway, String policy, LedgerCommand command) {
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(Map.of(
                Provenance.PRINCIPAL, "policy:" + policy,
                Provenance.ROLE, Provenance.POLICY_ROLE,
                Provenance.POLICY, policy)));
    }
}
