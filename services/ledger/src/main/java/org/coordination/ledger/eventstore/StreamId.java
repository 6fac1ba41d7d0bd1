package org.coordination.ledger.eventstore;

import java.util.List;

/**
 * One stream of the ledger: an aggregate kind and its id. The API addresses each kind under its own
 * path, so the force {@code isf} and the command structure {@code isf} are two streams. Axon reads an
 * aggregate's events by one identifier string and knows no kind, so the identifier it sees is
 * {@code <Kind>:<id>} ({@link #qualified()}); the store keeps the bare id in
 * {@code aggregate_identifier} and the kind in {@code type}, as it always did (see
 * {@link KindScopedStatements}).
 *
 * @param kind the aggregate type as Axon names it (the aggregate class's simple name, e.g. {@code Force})
 * @param id   the aggregate's own id, as in the API and the events' payloads
 */
public record StreamId(String kind, String id) {

    static final char SEPARATOR = ':';

    /**
     * The ledger's aggregate kinds, as the store's {@code type} column, events' {@code aggregateType} and the
     * API name them, in the order the API lists them (web.CommandCatalogTest checks them against the commands).
     */
    public static final List<String> KINDS = List.of(
            "Mandate", "Force", "Contribution", "ConsentRegister", "CommandStructure", "HumanitarianCoalition");

    public StreamId {
        if (kind == null || kind.isEmpty() || kind.indexOf(SEPARATOR) >= 0 || id == null) {
            throw new IllegalArgumentException("A stream needs a kind without '" + SEPARATOR + "' and an id: " + kind + ", " + id);
        }
    }

    /**
     * The identifier Axon uses for an aggregate of the given class with the given id, or null while the
     * id is not set yet (Axon then takes it after the creation event is applied).
     */
    public static String of(Class<?> aggregate, Object id) {
        return id == null ? null : new StreamId(aggregate.getSimpleName(), id.toString()).qualified();
    }

    /** Parses an identifier made by {@link #qualified()}; the kind never holds the separator, the id may. */
    public static StreamId parse(String qualified) {
        int separator = qualified.indexOf(SEPARATOR);
        if (separator <= 0) {
            throw new IllegalArgumentException("Not a stream identifier <Kind>:<id>: " + qualified);
        }
        return new StreamId(qualified.substring(0, separator), qualified.substring(separator + 1));
    }

    public String qualified() {
        return kind + SEPARATOR + id;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
