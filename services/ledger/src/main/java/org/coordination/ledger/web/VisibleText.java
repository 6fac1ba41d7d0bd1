package org.coordination.ledger.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.NotBlank;

/**
 * What "blank" means for a name, a title, a reason or a citation: nothing a reader could see. Java's
 * {@link String#isBlank} and Hibernate Validator's {@code @NotBlank} count only some spaces as blank, so a citation of
 * one no-break space (U+00A0), zero-width space (U+200B) or byte order mark (U+FEFF) was stored as the authority a
 * decision rests on. Blank here is every code point a space of any kind (Unicode's space separators and Java's
 * whitespace), an invisible format character (Unicode category Cf: zero-width characters, the byte order mark,
 * bidirectional marks) or another of Unicode's default-ignorable code points, which render as nothing although some
 * are letters to Java (the Hangul fillers U+115F and U+3164, the combining grapheme joiner U+034F, variation selectors).
 */
public final class VisibleText {

    private VisibleText() {
    }

    public static boolean blank(CharSequence text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT
                || defaultIgnorable(c));
    }

    /** Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt), which Java does not expose. */
    private static boolean defaultIgnorable(int c) {
        return c == 0x00AD || c == 0x034F || c == 0x061C || c >= 0x115F && c <= 0x1160 || c >= 0x17B4 && c <= 0x17B5
                || c >= 0x180B && c <= 0x180F || c >= 0x200B && c <= 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2060 && c <= 0x206F
                || c == 0x3164 || c >= 0xFE00 && c <= 0xFE0F || c == 0xFEFF || c == 0xFFA0 || c >= 0xFFF0 && c <= 0xFFF8
                || c >= 0x1BCA0 && c <= 0x1BCA3 || c >= 0x1D173 && c <= 0x1D17A || c >= 0xE0000 && c <= 0xE0FFF;
    }

    /** {@code @NotBlank} with this meaning of blank, for every command's fields (registered in {@code TextValidation}). */
    public static final class NotBlankValidator implements ConstraintValidator<NotBlank, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value != null && !blank(value);
        }
    }
}
