package org.coordination.ledger.eventstore;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;

/**
 * Appends held back on this thread until the end of a group commit, then stored in one batch. Each member
 * of a group appends its events in its own unit of work, which was a statement per member, about one per
 * command of the ten PostgreSQL ran per command; one batch of inserts is sent as a multi-row insert per
 * block of 1, 2, 4, … rows (docs/benchmarks.md, change 42). Held events are stored in the group's
 * transaction before it commits, in the order their members appended them; a batch that fails (a sequence
 * another instance took meanwhile) fails the group, whose members are then handled alone, each appending
 * as it always did.
 */
public final class HeldAppends {

    private static final ThreadLocal<List<EventMessage<?>>> HELD = new ThreadLocal<>();

    private HeldAppends() {
    }

    /** From now on, appends on this thread are held until {@link #release}. */
    public static void hold() {
        HELD.set(new ArrayList<>());
    }

    /** Holds {@code events} if this thread holds appends; false if they are to be stored now. */
    static boolean held(List<? extends EventMessage<?>> events) {
        List<EventMessage<?>> held = HELD.get();
        if (held == null) {
            return false;
        }
        held.addAll(events);
        return true;
    }

    /** Stops holding on this thread: the events held since {@link #hold}, in order, to be stored now (or dropped). */
    public static List<EventMessage<?>> release() {
        List<EventMessage<?>> held = HELD.get();
        HELD.remove();
        return held == null ? List.of() : held;
    }
}
