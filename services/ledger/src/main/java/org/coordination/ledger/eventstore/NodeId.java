package org.coordination.ledger.eventstore;

import java.lang.management.ManagementFactory;

/**
 * The name this instance goes by among the instances sharing one database: the owner the token store writes
 * on the segments it claims, the instance a rebuild job names, the publisher's owner in health. It must differ
 * between live instances, or two of them would take each other's claims for their own. By default the JVM's
 * {@code <pid>@<hostname>} (Axon's own default), which differs between containers and between processes on
 * one host; {@code LEDGER_NODE_ID} names it explicitly (a pod's name, say), so operators read the owner
 * column in their own terms.
 */
public record NodeId(String value) {

    /** The owner column's width (token_entry.owner). */
    static final int MAX_LENGTH = 255;

    public NodeId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("ledger.node-id must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("ledger.node-id must be at most " + MAX_LENGTH + " characters, the owner column's width");
        }
    }

    /** The configured name, or the JVM's {@code <pid>@<hostname>} when none is. */
    public static NodeId configuredOr(String configured) {
        return new NodeId(configured == null || configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configured.strip());
    }

    /** Whether a token's owner is this instance. */
    public boolean owns(String owner) {
        return value.equals(owner);
    }

    @Override
    public String toString() {
        return value;
    }
}
