package org.coordination.ledger.contract.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps records immutable without rejecting null elements, which Bean Validation reports by field. */
public final class Lists {

    private Lists() {
    }

    /** An unmodifiable copy; {@code null} stays {@code null} ("not given"). */
    public static <T> List<T> immutable(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
