package org.coordination.ledger.contract.merkle;

/**
 * The leaf hashes of a log, by position from 0: where a tree's hashes come from. The ledger reads them from its
 * store; a verifier from an exported ledger; a test from a list.
 */
@FunctionalInterface
public interface LeafHashes {

    /** The hash of the leaf at {@code index} (0-based), {@link MerkleHash#leaf} of its content. */
    byte[] at(long index);
}
