package org.coordination.ledger.lookup;

import java.text.Normalizer;
import java.util.Locale;

/**
 * When two symbols name the same instrument: an instrument may be cited once in the whole ledger, and
 * {@code S/RES/2803 (2025)} is the same resolution typed with a trailing space, a doubled or non-breaking space, in
 * lower case, with a full-width solidus or with an invisible character in it. The key is the symbol in Unicode's
 * compatibility form (NFKC: full-width and other compatibility characters as their plain ones, a non-breaking space
 * as a space), without format characters (zero-width spaces and joiners, the soft hyphen, the byte-order mark), its
 * runs of white space one space, trimmed, in upper case. The symbol itself is kept as it was sent.
 *
 * <p>The consistency lookup stores these keys (V26 computed them for the symbols stored before): a change to
 * {@link #key} needs a migration that computes the stored keys again.
 */
public final class InstrumentSymbols {

    private InstrumentSymbols() {
    }

    public static String key(String symbol) {
        String compatible = Normalizer.normalize(symbol, Normalizer.Form.NFKC);
        StringBuilder key = new StringBuilder(compatible.length());
        boolean spaceBefore = false;
        for (int i = 0; i < compatible.length(); ) {
            int c = compatible.codePointAt(i);
            i += Character.charCount(c);
            if (Character.getType(c) == Character.FORMAT) {
                continue;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                spaceBefore = key.length() > 0;
                continue;
            }
            if (spaceBefore) {
                key.append(' ');
                spaceBefore = false;
            }
            key.appendCodePoint(c);
        }
        return key.toString().toUpperCase(Locale.ROOT);
    }
}
