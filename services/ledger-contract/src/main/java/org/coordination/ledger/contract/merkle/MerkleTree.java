package org.coordination.ledger.contract.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree hash of the first {@code n} leaves of a log and the proofs about it, as RFC 9162 (section 2.1)
 * defines them: the root ({@code MTH}), the inclusion proof of one leaf in a tree of a given size ({@code PATH}),
 * and the consistency proof between two sizes of the same log ({@code PROOF}), which shows that the larger tree
 * contains the smaller one unchanged. Computed from the leaf hashes by the RFC's recursion; a store that keeps the
 * hashes of complete subtrees can answer {@link #subtreeRoot} without visiting their leaves.
 */
public class MerkleTree {

    private final LeafHashes leaves;

    public MerkleTree(LeafHashes leaves) {
        this.leaves = leaves;
    }

    /** MTH(D[0:size]): the root of the tree of the first {@code size} leaves. */
    public byte[] root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is not negative: " + size);
        }
        return size == 0 ? MerkleHash.empty() : subtreeRoot(0, size);
    }

    /**
     * The root of the subtree over leaves {@code from} (inclusive) to {@code to} (exclusive), {@code to > from}.
     * Overridable by a store that keeps the roots of complete subtrees.
     */
    protected byte[] subtreeRoot(long from, long to) {
        if (to - from == 1) {
            return leaves.at(from);
        }
        long k = largestPowerOfTwoBelow(to - from);
        return MerkleHash.node(subtreeRoot(from, from + k), subtreeRoot(from + k, to));
    }

    /** PATH(index, D[0:size]): the hashes that lead from the leaf at {@code index} to the root of the tree of {@code size}. */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size + " leaves");
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return path;
    }

    private void path(long index, long from, long to, List<byte[]> path) {
        if (to - from == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(to - from);
        if (index < from + k) {
            path(index, from, from + k, path);
            path.add(subtreeRoot(from + k, to));
        } else {
            path(index, from + k, to, path);
            path.add(subtreeRoot(from, from + k));
        }
    }

    /**
     * PROOF(first, D[0:second]): the hashes that show the tree of {@code second} leaves extends the tree of
     * {@code first} leaves; empty when {@code first} is 0 or equals {@code second}.
     */
    public List<byte[]> consistencyProof(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from a tree of " + first + " leaves to one of " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    private void subproof(long m, long from, long to, boolean complete, List<byte[]> proof) {
        long n = to - from;
        if (m == n) {
            if (!complete) {
                proof.add(subtreeRoot(from, to));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, from, from + k, complete, proof);
            proof.add(subtreeRoot(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, proof);
            proof.add(subtreeRoot(from, from + k));
        }
    }

    /** The largest power of two smaller than {@code n} ({@code n > 1}): where RFC 9162 splits a tree. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
