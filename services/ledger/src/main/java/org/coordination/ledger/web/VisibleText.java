package org.coordination.ledger.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.NotBlank;

/**
 * What "blank" means for a name, a title, a reason or a citation: nothing a reader could see. Java's
 * {@link String#isBlank} and Hibernate Validator's {@code @NotBlank} count only some spaces as blank, so a citation of
 * one no-break space (U+00A0), zero-width space (U+200B) or byte order mark (U+FEFF) was stored as the authority a
 * decision rests on. Blank here is every code point a space of any kind (Unicode's space separators and Java's
 * whitespace) or an invisible format character (Unicode category Cf: zero-width characters, the byte order mark,
 * bidirectional marks).
 */
public final class VisibleText {

    private VisibleText() {
    }

    public static boolean blank(CharSequence text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT);
    }

    /** {@code @NotBlank} with this meaning of blank, for every command's fields (registered in {@code TextValidation}). */
    public static final class NotBlankValidator implements ConstraintValidator<NotBlank, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value != null && !blank(value);
        }
    }
}
