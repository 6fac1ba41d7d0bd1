package org.coordination.ledger.contract.merkle;

import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks proofs against roots the checker already trusts, as RFC 9162 (sections 2.1.3.2 and 2.1.4.2) says, step
 * by step, and nothing less: every hash of the path is used, the path's length must fit the tree's shape, and the
 * walk must end at the root's level. A proof that fails says why ({@link InvalidProof}); the server that made it
 * is not trusted for anything.
 */
public final class MerkleProofs {

    /** A proof that does not prove what it claims. */
    public static final class InvalidProof extends Exception {
        public InvalidProof(String message) {
            super(message);
        }
    }

    private MerkleProofs() {
    }

    /** That the leaf with hash {@code leafHash} is the leaf at {@code index} of the tree of {@code size} whose root is {@code root}. */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) throws InvalidProof {
        if (index < 0 || index >= size) {
            throw new InvalidProof("leaf " + index + " cannot be in a tree of " + size + " leaves");
        }
        requireHash(leafHash, "the leaf hash");
        requireHash(root, "the root");
        Walk walk = new Walk(index, size - 1);
        byte[] r = leafHash;
        for (byte[] p : path) {
            requireHash(p, "a hash of the inclusion path");
            if (walk.atRoot()) {
                throw new InvalidProof("the inclusion path is longer than a tree of " + size + " leaves allows");
            }
            if (walk.siblingOnTheLeft()) {
                r = MerkleHash.node(p, r);
            } else {
                r = MerkleHash.node(r, p);
            }
            walk.up();
        }
        if (!walk.atRoot()) {
            throw new InvalidProof("the inclusion path is shorter than a tree of " + size + " leaves needs");
        }
        if (!MessageDigest.isEqual(r, root)) {
            throw new InvalidProof("leaf " + index + " with that hash is not in the tree of " + size + " leaves with root " + hex(root));
        }
    }

    /** That the tree of {@code secondSize} leaves with root {@code secondRoot} extends the one of {@code firstSize} with {@code firstRoot}. */
    public static void verifyConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof)
            throws InvalidProof {
        requireHash(firstRoot, "the first root");
        requireHash(secondRoot, "the second root");
        if (firstSize < 0 || firstSize > secondSize) {
            throw new InvalidProof("a tree of " + firstSize + " leaves cannot be extended by one of " + secondSize);
        }
        if (firstSize == secondSize || firstSize == 0) {
            if (!proof.isEmpty()) {
                throw new InvalidProof("a consistency proof from " + firstSize + " to " + secondSize + " leaves is empty");
            }
            if (firstSize == secondSize && !MessageDigest.isEqual(firstRoot, secondRoot)) {
                throw new InvalidProof("two different roots for one size, " + firstSize + " leaves: the log forked");
            }
            if (firstSize == 0 && !MessageDigest.isEqual(firstRoot, MerkleHash.empty())) {
                throw new InvalidProof("the root of the empty tree is the hash of nothing");
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new InvalidProof("an empty consistency proof from " + firstSize + " to " + secondSize + " leaves");
        }
        Deque<byte[]> path = new ArrayDeque<>();
        for (byte[] c : proof) {
            path.add(requireHash(c, "a hash of the consistency proof"));
        }
        if (Long.bitCount(firstSize) == 1) {
            path.addFirst(firstRoot); // the first tree is a complete subtree of the second: its root starts the walk
        }
        Walk walk = new Walk(firstSize - 1, secondSize - 1);
        while ((walk.fn & 1) == 1) { // up to the first tree's largest complete subtree on the right edge
            walk.shift();
        }
        byte[] fr = path.removeFirst();
        byte[] sr = fr;
        for (byte[] c : path) {
            if (walk.atRoot()) {
                throw new InvalidProof("the consistency proof is longer than trees of " + firstSize + " and " + secondSize + " leaves allow");
            }
            if (walk.siblingOnTheLeft()) {
                fr = MerkleHash.node(c, fr);
                sr = MerkleHash.node(c, sr);
            } else {
                sr = MerkleHash.node(sr, c);
            }
            walk.up();
        }
        if (!walk.atRoot()) {
            throw new InvalidProof("the consistency proof is shorter than trees of " + firstSize + " and " + secondSize + " leaves need");
        }
        if (!MessageDigest.isEqual(fr, firstRoot)) {
            throw new InvalidProof("the proof does not lead to the first root: the tree of " + firstSize + " leaves was rewritten");
        }
        if (!MessageDigest.isEqual(sr, secondRoot)) {
            throw new InvalidProof("the proof does not lead to the second root " + hex(secondRoot));
        }
    }

    /**
     * RFC 9162's walk from a node up to the root: {@code fn} is the node's index at its level, {@code sn} the last
     * index at that level; both shift right as the walk climbs.
     */
    private static final class Walk {
        long fn;
        long sn;

        Walk(long fn, long sn) {
            this.fn = fn;
            this.sn = sn;
        }

        boolean atRoot() {
            return sn == 0;
        }

        /**
         * Whether the next hash of the path is a sibling on the left (a right child, or the last node of its level,
         * whose right siblings do not exist yet): then the levels where it has none are skipped, as the RFC says.
         */
        boolean siblingOnTheLeft() {
            if ((fn & 1) == 1) {
                return true;
            }
            if (fn != sn) {
                return false;
            }
            while ((fn & 1) == 0 && fn != 0) {
                shift();
            }
            return true;
        }

        void up() {
            shift();
        }

        void shift() {
            fn >>= 1;
            sn >>= 1;
        }
    }

    private static byte[] requireHash(byte[] hash, String what) throws InvalidProof {
        if (hash == null || hash.length != MerkleHash.LENGTH) {
            throw new InvalidProof(what + " is not a SHA-256 hash");
        }
        return hash;
    }

    private static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
