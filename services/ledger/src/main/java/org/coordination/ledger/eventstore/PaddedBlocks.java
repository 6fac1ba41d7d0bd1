package org.coordination.ledger.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Keys given to a statement as a list of parameters, in blocks of up to {@value #MOST} keys, each block padded to
 * a power of two by repeating its last key: eight statement shapes (1, 2, 4, … 128 keys) serve every count, and
 * PostgreSQL plans each once per connection. Given as an array instead ({@code unnest(?)}, {@code = ANY (?)}), a
 * statement was planned again at every execution: a custom plan, which sees the array's length, always looks
 * cheaper than the generic one, which guesses 10 or 100 elements, and the planning cost three times the execution
 * (docs/benchmarks.md, changes 45 and 50). A padded key repeats a row of the answer, which callers fold into maps
 * or sets. Where the table a statement reads changes its size by orders of magnitude under the same connection (a
 * rebuild's copy, filled from empty), a plan kept from its first executions goes wrong, and the statement is planned
 * at each execution instead ({@code ViewStore.loadAll}, change 86).
 */
public final class PaddedBlocks {

    /** The most keys one statement takes. */
    public static final int MOST = 128;
    /** How many shapes there are: one per power of two up to {@value #MOST}. */
    public static final int SHAPES = Integer.numberOfTrailingZeros(MOST) + 1;

    private PaddedBlocks() {
    }

    /** The exponent of the least power of two not below {@code size} (at least 1). */
    public static int power(int size) {
        return 32 - Integer.numberOfLeadingZeros(size - 1);
    }

    /** {@code keys} in blocks of up to {@value #MOST}, in order. */
    public static <T> List<List<T>> blocks(List<T> keys) {
        List<List<T>> blocks = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MOST) {
            blocks.add(keys.subList(from, Math.min(keys.size(), from + MOST)));
        }
        return blocks;
    }

    /** The {@code i}-th key of {@code block} padded to its power of two: past its end, its last. */
    public static <T> T padded(List<T> block, int i) {
        return block.get(Math.min(i, block.size() - 1));
    }

    /** {@code 2^power} copies of {@code one}, separated by commas: the first may differ (it carries the casts). */
    public static String repeat(int power, String first, String one) {
        return first + (", " + one).repeat((1 << power) - 1);
    }

    /** The statement of each shape, by its power of two. */
    public static String[] shapes(IntFunction<String> byPower) {
        String[] shapes = new String[SHAPES];
        for (int power = 0; power < SHAPES; power++) {
            shapes[power] = byPower.apply(power);
        }
        return shapes;
    }
}
