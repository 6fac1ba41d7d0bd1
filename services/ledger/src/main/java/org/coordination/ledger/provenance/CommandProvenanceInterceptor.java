package org.coordination.ledger.provenance;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * Stamps every dispatched command with the time the ledger recorded it, and defaults its effective
 * time to that recorded time. The clock is read here, at the edge, never inside a handler.
 * A command without a principal was issued by the system itself (start-up tasks, tools).
 */
public class CommandProvenanceInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    private final Clock clock;

    public CommandProvenanceInterceptor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, Object> added = new HashMap<>();
            Object recordedAt = command.getMetaData().get(Provenance.RECORDED_AT);
            if (recordedAt == null) {
                // to the microsecond, as PostgreSQL keeps a time: the effective time a read reports is then the one the
                // aggregate decided on, and taken back into a command or an asOf read it names the same instant
                recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS).toString();
                added.put(Provenance.RECORDED_AT, recordedAt);
            }
            if (command.getMetaData().get(Provenance.EFFECTIVE_AT) == null) {
                added.put(Provenance.EFFECTIVE_AT, recordedAt);
            }
            if (command.getMetaData().get(Provenance.PRINCIPAL) == null) {
                added.put(Provenance.PRINCIPAL, "system");
                added.put(Provenance.ROLE, "SYSTEM");
            }
            return added.isEmpty() ? command : command.andMetaData(added);
        };
    }
}
