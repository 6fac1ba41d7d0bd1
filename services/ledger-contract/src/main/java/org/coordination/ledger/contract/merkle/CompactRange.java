package org.coordination.ledger.contract.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a growing tree: the roots of the complete subtrees its leaves make so far (at most one per bit of
 * its size), enough to append the next leaf and to give the root of the tree at any size it reaches, in constant
 * memory. A verifier that reads a whole log leaf by leaf checks every signed root this way, and a witness that is
 * handed the new leaves checks a new checkpoint without any proof.
 */
public final class CompactRange {

    private final List<byte[]> roots = new ArrayList<>();
    private final List<Long> widths = new ArrayList<>();
    private long size;

    /** Appends a leaf by its hash ({@link MerkleHash#leaf} of its content). */
    public void append(byte[] leafHash) {
        byte[] hash = leafHash;
        long width = 1;
        while (!widths.isEmpty() && widths.get(widths.size() - 1) == width) {
            hash = MerkleHash.node(roots.remove(roots.size() - 1), hash);
            widths.remove(widths.size() - 1);
            width <<= 1;
        }
        roots.add(hash);
        widths.add(width);
        size++;
    }

    public long size() {
        return size;
    }

    /** The roots of the complete subtrees, largest (leftmost) first: with the size, all a range is. */
    public List<byte[]> roots() {
        return roots.stream().map(byte[]::clone).toList();
    }

    /** The range of a tree of {@code size} leaves whose complete subtrees have these roots (as {@link #roots} gave them). */
    public static CompactRange of(long size, List<byte[]> roots) {
        if (size < 0 || roots.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size) + " complete subtrees, not " + roots.size());
        }
        CompactRange range = new CompactRange();
        int i = 0;
        for (int level = 63; level >= 0; level--) {
            if ((size >> level & 1) == 1) {
                byte[] root = roots.get(i++);
                if (root.length != MerkleHash.LENGTH) {
                    throw new IllegalArgumentException("a subtree root is a SHA-256 hash");
                }
                range.roots.add(root.clone());
                range.widths.add(1L << level);
            }
        }
        range.size = size;
        return range;
    }

    /** A copy, to grow without changing this one. */
    public CompactRange copy() {
        return of(size, roots());
    }

    /** MTH of the leaves appended so far: the complete subtrees folded from the right, as RFC 9162 splits a tree. */
    public byte[] root() {
        if (roots.isEmpty()) {
            return MerkleHash.empty();
        }
        byte[] root = roots.get(roots.size() - 1);
        for (int i = roots.size() - 2; i >= 0; i--) {
            root = MerkleHash.node(roots.get(i), root);
        }
        return root;
    }
}
