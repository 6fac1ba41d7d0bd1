package org.coordination.ledger.subscriber;

import java.util.Optional;

/**
 * A stream of the ledger: an aggregate kind and an id. The force {@code isf} and the command structure
 * {@code isf} are two streams, each with its own sequence 0, 1, 2, … (the ledger's ADR 0003).
 *
 * <p>The stream is read from the CloudEvents attributes, never from the record key: this release keys
 * records {@code <Kind>:<id>}, the previous one keyed them by the id alone. The kind is the extension
 * {@code aggregatetype}, or, in records of the previous release, which lack it, the kind in
 * {@code source} ({@code /coordination-ledger/<Kind>/<id>}), which every release has carried; the id
 * is {@code subject}, or the id in {@code source}.
 */
record LedgerStream(String kind, String id) {

    static final String SOURCE_PREFIX = "/coordination-ledger/";

    static Optional<LedgerStream> of(String aggregateType, String source, String subject) {
        String kind = aggregateType;
        String id = subject;
        if (source != null && source.startsWith(SOURCE_PREFIX)) {
            String[] parts = source.substring(SOURCE_PREFIX.length()).split("/", -1);
            if (parts.length == 2) {
                kind = present(kind) ? kind : parts[0];
                id = present(id) ? id : parts[1];
            }
        }
        return present(kind) && present(id) ? Optional.of(new LedgerStream(kind, id)) : Optional.empty();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        return kind + ":" + id;
    }
}
