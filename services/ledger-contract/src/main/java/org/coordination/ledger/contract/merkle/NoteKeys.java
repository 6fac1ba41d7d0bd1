package org.coordination.ledger.contract.merkle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in the text forms of the C2SP signed-note specification (the forms Go's {@code golang.org/x/mod/sumdb/note}
 * reads and writes, so that tools outside this project can check the ledger's checkpoints):
 *
 * <pre>
 *   signer key    PRIVATE+KEY+&lt;name&gt;+&lt;key id, 8 hex digits&gt;+&lt;base64(0x01 || 32-byte seed)&gt;
 *   verifier key  &lt;name&gt;+&lt;key id&gt;+&lt;base64(0x01 || 32-byte public key)&gt;
 * </pre>
 *
 * The key id is the first four bytes of SHA-256(name || "\n" || 0x01 || public key): a signature line names its key
 * by name and id, and a verifier only trusts a line whose name and id are those of a key it was given.
 */
public final class NoteKeys {

    static final byte ED25519 = 0x01;
    /** The DER prefixes of Ed25519 keys in PKCS#8 and X.509 (RFC 8410); the raw 32 bytes follow them. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private NoteKeys() {
    }

    /** A key that signs: its name, id and Java keys. */
    public record Signer(String name, int keyId, PrivateKey privateKey, Verifier verifier) {

        public byte[] sign(byte[] message) {
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initSign(privateKey);
                ed25519.update(message);
                return ed25519.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 signing failed", e);
            }
        }
    }

    /** A key that checks signatures: its name, id and public key; {@link #text()} is how it is published. */
    public record Verifier(String name, int keyId, byte[] publicKey, String text) {

        public boolean verifies(byte[] message, byte[] signature) {
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(javaPublicKey());
                ed25519.update(message);
                return ed25519.verify(signature);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false; // a malformed signature verifies nothing
            }
        }

        private PublicKey javaPublicKey() throws GeneralSecurityException {
            byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
            System.arraycopy(publicKey, 0, encoded, X509_PREFIX.length, 32);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        }

        public String keyIdHex() {
            return String.format("%08x", keyId);
        }
    }

    /** A new signer key named {@code name}, in its text form. */
    public static String generateSigner(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return signerText(name, seed);
    }

    static String signerText(String name, byte[] seed) {
        requireName(name);
        byte[] publicKey = publicKeyOf(seed);
        return "PRIVATE+KEY+" + name + "+" + String.format("%08x", keyId(name, publicKey)) + "+"
                + Base64.getEncoder().encodeToString(withAlgorithm(seed));
    }

    /** Reads a signer key in its text form, checking that its id matches its name and key. */
    public static Signer signer(String text) {
        String[] parts = text.strip().split("\\+", 5); // the key's base64 may hold a '+' too
        if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY")) {
            throw new IllegalArgumentException("a signer key reads PRIVATE+KEY+<name>+<key id>+<key>");
        }
        String name = requireName(parts[2]);
        byte[] seed = keyBytes(parts[4], "signer");
        KeyPair pair = pairOf(seed);
        byte[] publicKey = rawPublicKey(pair.getPublic());
        int id = keyId(name, publicKey);
        if (!String.format("%08x", id).equals(parts[3])) {
            throw new IllegalArgumentException("the signer key's id " + parts[3] + " does not match its name and key");
        }
        return new Signer(name, id, pair.getPrivate(), verifierOf(name, publicKey));
    }

    /** Reads a verifier key in its text form, checking that its id matches its name and key. */
    public static Verifier verifier(String text) {
        String[] parts = text.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key reads <name>+<key id>+<key>");
        }
        String name = requireName(parts[0]);
        byte[] publicKey = keyBytes(parts[2], "verifier");
        Verifier verifier = verifierOf(name, publicKey);
        if (!verifier.keyIdHex().equals(parts[1])) {
            throw new IllegalArgumentException("the verifier key's id " + parts[1] + " does not match its name and key");
        }
        return verifier;
    }

    static Verifier verifierOf(String name, byte[] publicKey) {
        int id = keyId(name, publicKey);
        return new Verifier(name, id, publicKey.clone(),
                name + "+" + String.format("%08x", id) + "+" + Base64.getEncoder().encodeToString(withAlgorithm(publicKey)));
    }

    static int keyId(String name, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(ED25519);
            byte[] hash = sha256.digest(publicKey);
            return ((hash[0] & 0xff) << 24) | ((hash[1] & 0xff) << 16) | ((hash[2] & 0xff) << 8) | (hash[3] & 0xff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A key's name: not empty, no spaces, no '+' (the separator), printable. */
    static String requireName(String name) {
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c == '+' || c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a key name is not empty and has no space, control character or '+': " + name);
        }
        return name;
    }

    private static byte[] keyBytes(String base64, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " key is not base64");
        }
        if (bytes.length != 33 || bytes[0] != ED25519) {
            throw new IllegalArgumentException("the " + what + " key is not an Ed25519 key (algorithm 1, 32 bytes)");
        }
        return Arrays.copyOfRange(bytes, 1, 33);
    }

    private static byte[] withAlgorithm(byte[] key) {
        byte[] bytes = new byte[33];
        bytes[0] = ED25519;
        System.arraycopy(key, 0, bytes, 1, 32);
        return bytes;
    }

    private static byte[] publicKeyOf(byte[] seed) {
        return rawPublicKey(pairOf(seed).getPublic());
    }

    /**
     * The key pair of a 32-byte seed. The JDK derives an Ed25519 pair only through its generator, which takes the seed
     * from the random source it is given: one that hands out exactly the seed gives back the pair of that seed.
     */
    private static KeyPair pairOf(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    if (bytes.length != seed.length) {
                        throw new IllegalStateException("Ed25519 asked for " + bytes.length + " random bytes, not a 32-byte seed");
                    }
                    System.arraycopy(seed, 0, bytes, 0, seed.length);
                }
            });
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java platform since 15", e);
        }
    }

    private static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }
}
