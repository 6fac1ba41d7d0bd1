package org.coordination.ledger.contract.merkle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;

/**
 * A text signed by one or more keys, in the C2SP signed-note format: the text (UTF-8, ending in a newline), a blank
 * line, then one line per signature, {@code — <key name> <base64(key id || Ed25519 signature)>}. Each signature covers
 * the text's bytes. A verifier ignores signatures by keys it does not know (a note cosigned during a key rotation
 * carries the old key's and the new key's), but a signature that claims a trusted key and does not verify makes the
 * whole note a forgery.
 */
public record SignedNote(String text, List<Line> signatures) {

    private static final String PREFIX = "\u2014 ";

    /** One signature line: the key's name and id and the 64-byte signature. */
    public record Line(String keyName, int keyId, byte[] signature) {
    }

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    /** The note of {@code text} signed by each of {@code signers}, as it is served and published. */
    public static String sign(String text, List<NoteKeys.Signer> signers) {
        requireText(text);
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("a note is signed by at least one key");
        }
        StringBuilder note = new StringBuilder(text).append('\n');
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        for (NoteKeys.Signer signer : signers) {
            byte[] signature = signer.sign(message);
            byte[] line = ByteBuffer.allocate(4 + signature.length).putInt(signer.keyId()).put(signature).array();
            note.append(PREFIX).append(signer.name()).append(' ').append(Base64.getEncoder().encodeToString(line)).append('\n');
        }
        return note.toString();
    }

    /** Splits a note into its text and signature lines; refuses one that does not have the format's shape. */
    public static SignedNote parse(String note) throws InvalidProof {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new InvalidProof("not a signed note: no blank line between the text and its signatures");
        }
        if (split + 2 >= note.length()) { // the text and its blank line, and nothing after: no signature at all
            throw new InvalidProof("not a signed note: no signature line after the blank line");
        }
        String text = note.substring(0, split + 1);
        List<Line> lines = new ArrayList<>();
        for (String line : note.substring(split + 2, note.length() - 1).split("\n", -1)) {
            if (!line.startsWith(PREFIX)) {
                throw new InvalidProof("not a signed note: a signature line starts with '\u2014 ': " + line);
            }
            String[] parts = line.substring(PREFIX.length()).split(" ", -1);
            if (parts.length != 2) {
                throw new InvalidProof("a signature line reads '\u2014 <key name> <signature>': " + line);
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new InvalidProof("a signature is not base64: " + line);
            }
            if (bytes.length < 5) {
                throw new InvalidProof("a signature is too short to hold a key id and a signature: " + line);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int keyId = buffer.getInt();
            byte[] signature = new byte[buffer.remaining()];
            buffer.get(signature);
            lines.add(new Line(parts[0], keyId, signature));
        }
        return new SignedNote(text, lines);
    }

    /**
     * The trusted keys whose signatures verify; at least one. A signature naming a trusted key (by name and id) that
     * does not verify is refused even when another one does.
     */
    public List<NoteKeys.Verifier> verifiedBy(Collection<NoteKeys.Verifier> trusted) throws InvalidProof {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<NoteKeys.Verifier> verified = new ArrayList<>();
        for (Line line : signatures) {
            for (NoteKeys.Verifier key : trusted) {
                if (key.name().equals(line.keyName()) && key.keyId() == line.keyId()) {
                    if (!key.verifies(message, line.signature())) {
                        throw new InvalidProof("the signature of key " + key.name() + "+" + key.keyIdHex()
                                + " does not verify: the note was altered or forged");
                    }
                    verified.add(key);
                }
            }
        }
        if (verified.isEmpty()) {
            throw new InvalidProof("the note is not signed by any trusted key (signed by "
                    + signatures.stream().map(l -> l.keyName() + "+" + String.format("%08x", l.keyId())).toList() + ")");
        }
        return verified;
    }

    private static void requireText(String text) {
        if (text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n")) {
            throw new IllegalArgumentException("a note's text ends with a newline and has no blank line");
        }
    }
}
