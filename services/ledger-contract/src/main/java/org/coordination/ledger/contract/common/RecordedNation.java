package org.coordination.ledger.contract.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a command's nation that points at something already recorded (the staff to detach, the objection to
 * withdraw) rather than bringing a nation in. Such a nation is held to the code's shape only, as recorded events
 * are, not to {@link Nation#assigned}: what was recorded under a code ISO 3166-1 has withdrawn since, or before
 * the ledger checked codes against its list, can still be acted on.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface RecordedNation {
}
