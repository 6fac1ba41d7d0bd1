package org.coordination.ledger.contract.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;
import org.junit.jupiter.api.Test;

/**
 * The tree, its proofs and their verification against RFC 9162: the roots of Certificate Transparency's reference
 * test log; then, for every tree of up to 40 leaves, every inclusion proof and every consistency proof made here
 * verified by the RFC's own verification algorithm (which does not share code with the making), and each of them
 * refused once tampered with: a hash changed, one left out or added, another leaf, another size, another root, a
 * rewritten history, a fork.
 */
class MerkleTreeTest {

    static final HexFormat HEX = HexFormat.of();
    static final int SIZES = 40;

    /** The eight leaves of the reference log in RFC 6962's test data (certificate-transparency's merkle tests). */
    static final List<byte[]> REFERENCE_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f").stream().map(HEX::parseHex).toList();
    /** Its root after 1, 2, … 8 leaves. */
    static final List<String> REFERENCE_ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    static List<byte[]> leafHashes(int count, String salt) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hashes.add(MerkleHash.leaf(("event " + i + salt).getBytes(StandardCharsets.UTF_8)));
        }
        return hashes;
    }

    static MerkleTree tree(List<byte[]> hashes) {
        return new MerkleTree(index -> hashes.get(Math.toIntExact(index)));
    }

    static List<byte[]> changed(List<byte[]> path, int at) {
        List<byte[]> copy = new ArrayList<>(path);
        byte[] hash = copy.get(at).clone();
        hash[at % hash.length] ^= 1;
        copy.set(at, hash);
        return copy;
    }

    @Test
    void theRootsOfTheReferenceLogAreCertificateTransparencys() {
        MerkleTree reference = tree(REFERENCE_LEAVES.stream().map(MerkleHash::leaf).toList());
        assertThat(HEX.formatHex(reference.root(0))).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (int size = 1; size <= 8; size++) {
            assertThat(HEX.formatHex(reference.root(size))).as("root of %d leaves", size).isEqualTo(REFERENCE_ROOTS.get(size - 1));
        }
    }

    @Test
    void everyInclusionProofVerifiesAndNoTamperedOneDoes() throws InvalidProof {
        List<byte[]> leaves = leafHashes(SIZES + 1, "");
        MerkleTree tree = tree(leaves);
        for (int size = 1; size <= SIZES; size++) {
            byte[] root = tree.root(size);
            for (int index = 0; index < size; index++) {
                List<byte[]> path = tree.inclusionProof(index, size);
                byte[] leaf = leaves.get(index);
                MerkleProofs.verifyInclusion(index, size, leaf, path, root);

                int i = index, n = size;
                assertThatThrownBy(() -> MerkleProofs.verifyInclusion(i, n, leaves.get((i + 1) % SIZES), path, root))
                        .as("another leaf").isInstanceOf(InvalidProof.class);
                if (size > 1) {
                    assertThatThrownBy(() -> MerkleProofs.verifyInclusion((i + 1) % n, n, leaf, path, root))
                            .as("another index").isInstanceOf(InvalidProof.class);
                    assertThatThrownBy(() -> MerkleProofs.verifyInclusion(i, n, leaf, path.subList(0, path.size() - 1), root))
                            .as("a hash left out").isInstanceOf(InvalidProof.class);
                    for (int at = 0; at < path.size(); at++) {
                        List<byte[]> tampered = changed(path, at);
                        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(i, n, leaf, tampered, root))
                                .as("a hash changed").isInstanceOf(InvalidProof.class);
                    }
                }
                List<byte[]> longer = new ArrayList<>(path);
                longer.add(leaves.get(0));
                assertThatThrownBy(() -> MerkleProofs.verifyInclusion(i, n, leaf, longer, root)).as("a hash added").isInstanceOf(InvalidProof.class);
                assertThatThrownBy(() -> MerkleProofs.verifyInclusion(i, n + 1, leaf, path, tree.root(n + 1)))
                        .as("another size").isInstanceOf(InvalidProof.class);
                assertThatThrownBy(() -> MerkleProofs.verifyInclusion(i, n, leaf, path, MerkleHash.leaf(new byte[0])))
                        .as("another root").isInstanceOf(InvalidProof.class);
            }
        }
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(3, 3, leaves.get(3), List.of(), tree.root(3)))
                .hasMessageContaining("cannot be in a tree of 3 leaves");
    }

    @Test
    void everyConsistencyProofVerifiesAndNoTamperedOneDoes() throws InvalidProof {
        List<byte[]> leaves = leafHashes(SIZES, "");
        MerkleTree tree = tree(leaves);
        for (int second = 0; second <= SIZES; second++) {
            byte[] secondRoot = tree.root(second);
            for (int first = 0; first <= second; first++) {
                byte[] firstRoot = tree.root(first);
                List<byte[]> proof = tree.consistencyProof(first, second);
                MerkleProofs.verifyConsistency(first, second, firstRoot, secondRoot, proof);
                if (first == 0 || first == second) {
                    assertThat(proof).isEmpty();
                    continue;
                }
                int m = first, n = second;
                for (int at = 0; at < proof.size(); at++) {
                    List<byte[]> tampered = changed(proof, at);
                    assertThatThrownBy(() -> MerkleProofs.verifyConsistency(m, n, firstRoot, secondRoot, tampered))
                            .as("a hash changed").isInstanceOf(InvalidProof.class);
                }
                assertThatThrownBy(() -> MerkleProofs.verifyConsistency(m, n, firstRoot, secondRoot, proof.subList(0, proof.size() - 1)))
                        .as("a hash left out").isInstanceOf(InvalidProof.class);
                List<byte[]> longer = new ArrayList<>(proof);
                longer.add(leaves.get(0));
                assertThatThrownBy(() -> MerkleProofs.verifyConsistency(m, n, firstRoot, secondRoot, longer))
                        .as("a hash added").isInstanceOf(InvalidProof.class);
                assertThatThrownBy(() -> MerkleProofs.verifyConsistency(m, n, secondRoot, secondRoot, proof))
                        .as("another first root").isInstanceOf(InvalidProof.class);
                assertThatThrownBy(() -> MerkleProofs.verifyConsistency(m, n, firstRoot, firstRoot, proof))
                        .as("another second root").isInstanceOf(InvalidProof.class);
                if (m > 1) {
                    assertThatThrownBy(() -> MerkleProofs.verifyConsistency(m - 1, n, tree.root(m - 1), secondRoot, proof))
                            .as("another first size").isInstanceOf(InvalidProof.class);
                }
            }
        }
    }

    @Test
    void aRewrittenHistoryIsNotConsistentWithWhatWasSeen() {
        List<byte[]> seen = leafHashes(SIZES, "");
        List<byte[]> rewritten = new ArrayList<>(seen);
        rewritten.set(5, MerkleHash.leaf("event 5, rewritten".getBytes(StandardCharsets.UTF_8)));
        MerkleTree original = tree(seen);
        MerkleTree forged = tree(rewritten);
        for (int first = 6; first < SIZES; first++) {
            int m = first;
            // the forger proves its own tree consistent with itself; the root the witness kept is the original's
            assertThatThrownBy(() -> MerkleProofs.verifyConsistency(m, SIZES, original.root(m), forged.root(SIZES),
                    forged.consistencyProof(m, SIZES))).as("from %d leaves", m).isInstanceOf(InvalidProof.class);
        }
    }

    @Test
    void twoRootsForOneSizeAreAFork() {
        MerkleTree one = tree(leafHashes(12, ""));
        MerkleTree other = tree(leafHashes(12, " forked"));
        assertThatThrownBy(() -> MerkleProofs.verifyConsistency(12, 12, one.root(12), other.root(12), List.of()))
                .isInstanceOf(InvalidProof.class).hasMessageContaining("forked");
        assertThatCode(() -> MerkleProofs.verifyConsistency(12, 12, one.root(12), one.root(12), List.of())).doesNotThrowAnyException();
    }

    @Test
    void aProofOfHashesOfTheWrongLengthIsRefusedNotRead() {
        MerkleTree tree = tree(leafHashes(8, ""));
        List<byte[]> path = new ArrayList<>(tree.inclusionProof(2, 8));
        path.set(0, new byte[31]);
        assertThatThrownBy(() -> MerkleProofs.verifyInclusion(2, 8, leafHashes(8, "").get(2), path, tree.root(8)))
                .isInstanceOf(InvalidProof.class).hasMessageContaining("not a SHA-256 hash");
    }

    @Test
    void aCompactRangeGivesEveryRootTheTreeGivesLeafByLeaf() {
        List<byte[]> hashes = leafHashes(SIZES * 3, "");
        MerkleTree tree = tree(hashes);
        CompactRange range = new CompactRange();
        assertThat(range.root()).isEqualTo(MerkleHash.empty());
        for (int n = 1; n <= hashes.size(); n++) {
            range.append(hashes.get(n - 1));
            assertThat(range.size()).isEqualTo(n);
            assertThat(range.root()).as("root of " + n).isEqualTo(tree.root(n));
        }
        CompactRange reference = new CompactRange();
        REFERENCE_LEAVES.forEach(leaf -> reference.append(MerkleHash.leaf(leaf)));
        assertThat(HEX.formatHex(reference.root())).isEqualTo(REFERENCE_ROOTS.get(7));
    }
}
