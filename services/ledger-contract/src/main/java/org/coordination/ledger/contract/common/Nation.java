package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** A state, as an ISO 3166-1 alpha-3 code. Serialized as a bare string. */
public record Nation(@JsonValue String value) {

    /** What a command's nation must be, where the shape alone is what an event's must be. */
    public static final String ASSIGNED_RULE = "an ISO 3166-1 alpha-3 code assigned to a country or territory, such as USA";

    /**
     * The codes ISO 3166-1 has assigned, as the JDK knows them, and {@code XKX}, the user-assigned code the
     * European Union and the World Bank use for Kosovo, which ISO has not assigned but a coordination effort
     * has to be able to name.
     */
    private static final Set<String> ASSIGNED = assignedCodes();

    @JsonCreator
    public Nation {
        Identifiers.nation(value, "nation");
    }

    public static Nation of(String value) {
        return new Nation(value);
    }

    /**
     * A nation a command brings in: of the right shape and assigned. Only new input is held to the list; what the
     * ledger has recorded is read by shape alone, so an event naming a code ISO later withdraws stays readable, and a
     * command's nation that points at what is recorded ({@link RecordedNation}) is held to the shape only.
     */
    public static Nation assigned(String value, String what) {
        Nation nation = new Nation(Identifiers.nation(value, what));
        if (!ASSIGNED.contains(value)) {
            throw new InvalidIdentifierException(what, value, ASSIGNED_RULE);
        }
        return nation;
    }

    private static Set<String> assignedCodes() {
        Set<String> codes = new HashSet<>(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3));
        codes.add("XKX");
        return Set.copyOf(codes);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
