package org.coordination.ledger.transparency;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.coordination.ledger.contract.merkle.NoteKeys;

/**
 * {@code java -jar ledger.jar keygen <origin> [--out FILE]}: makes a checkpoint signing key. The signer key (private)
 * goes to FILE (default {@code checkpoint-signer.key}, readable by its owner only, never overwritten), for
 * {@code LEDGER_CHECKPOINT_KEY_FILES}; the verifier key (public) is printed, to hand to auditors and witnesses.
 * Exit status 0, or 2 when the file exists or the name is not a key name.
 */
public final class KeygenCommand {

    private KeygenCommand() {
    }

    public static int run(String[] args, PrintStream out) {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--out"))) {
            out.println("usage: keygen <origin, e.g. ledger.example.org/isf> [--out FILE]");
            return 2;
        }
        Path file = Path.of(args.length == 3 ? args[2] : "checkpoint-signer.key");
        try {
            String signer = NoteKeys.generateSigner(args[0]);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, signer + "\n");
            out.println("Signer key (private) written to " + file.toAbsolutePath() + "; set LEDGER_CHECKPOINT_KEY_FILES to it.");
            out.println("Verifier key (public), for auditors and witnesses:");
            out.println(NoteKeys.signer(signer).verifier().text());
            return 0;
        } catch (FileAlreadyExistsException e) {
            out.println(file + " exists; a key is never overwritten (give --out)");
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            out.println("Cannot make a key: " + e.getMessage());
            return 2;
        }
    }
}
