package org.coordination.ledger.contract.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes of a Merkle tree as RFC 9162 (Certificate Transparency 2.0, section 2.1.1) defines them: SHA-256, with
 * a leaf's input prefixed by 0x00 and an interior node's two children by 0x01, so that no leaf can pass for a node
 * and no tree for another of a different shape (the second-preimage attack on unprefixed trees).
 */
public final class MerkleHash {

    /** The length of every hash, in bytes. */
    public static final int LENGTH = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleHash() {
    }

    /** The root of the empty tree: the hash of nothing. */
    public static byte[] empty() {
        return digest().digest();
    }

    /** A leaf's hash: SHA-256(0x00 || data). */
    public static byte[] leaf(byte[] data) {
        MessageDigest sha256 = digest();
        sha256.update(LEAF_PREFIX);
        return sha256.digest(data);
    }

    /** An interior node's hash: SHA-256(0x01 || left || right). */
    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha256 = digest();
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        return sha256.digest(right);
    }

    /** One digest per thread, reset by each digest() call: looking one up per hash cost more than the hash of a node. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private static MessageDigest digest() {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        return sha256;
    }
}
