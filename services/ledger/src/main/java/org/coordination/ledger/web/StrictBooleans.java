package org.coordination.ledger.web;

import java.beans.PropertyEditorSupport;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * A boolean parameter ({@code proof}, {@code current}, {@code includeClosed}) is {@code true} or {@code false}, as the
 * API says. Spring's own conversion also takes {@code yes}, {@code on}, {@code 1} and their opposites, in any case, so
 * {@code proof=1} answered with proofs and {@code proof=no} without; and a converter of the conversion service would
 * not do, since Spring falls back to its boolean property editor when a conversion fails. An editor of the binder's
 * own comes first. Anything else is 400, "must be true or false".
 */
@ControllerAdvice
class StrictBooleans {

    @InitBinder
    void strictBooleans(WebDataBinder binder) {
        binder.registerCustomEditor(boolean.class, new Editor());
        binder.registerCustomEditor(Boolean.class, new Editor());
    }

    /** Per binder: a property editor holds the value it converts. */
    private static final class Editor extends PropertyEditorSupport {
        @Override
        public void setAsText(String text) {
            setValue(switch (text) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("must be true or false");
            });
        }
    }
}
