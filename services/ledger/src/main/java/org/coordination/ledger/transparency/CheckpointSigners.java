package org.coordination.ledger.transparency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The keys that sign checkpoints. From the files {@code LEDGER_CHECKPOINT_KEY_FILES} names (C2SP signer keys, as
 * {@code java -jar ledger.jar keygen} writes them): the first is the current key, the others cosign while a
 * rotation is under way, so that a witness that trusts only the old key sees it vouch for checkpoints the new one
 * signs. Without files, outside prod only, one key is made on first use and kept in the database, shared by every
 * instance on it; prod does not start without files (RequiredSettingsCheck).
 */
@Component
public class CheckpointSigners {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSigners.class);

    private final MerkleLogProperties properties;
    private final JdbcTemplate jdbc;
    private final Environment environment;
    private volatile List<NoteKeys.Signer> signers;

    CheckpointSigners(MerkleLogProperties properties, JdbcTemplate jdbc, Environment environment) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.environment = environment;
    }

    /** The signing keys, the current one first. */
    public List<NoteKeys.Signer> signers() {
        List<NoteKeys.Signer> known = signers;
        if (known == null) {
            known = properties.signerKeyFiles().isEmpty() ? List.of(localSigner()) : fromFiles(properties.signerKeyFiles());
            signers = known;
        }
        return known;
    }

    /** The verifier keys of the signing keys, the current one first. */
    public List<NoteKeys.Verifier> verifiers() {
        return signers().stream().map(NoteKeys.Signer::verifier).toList();
    }

    static List<NoteKeys.Signer> fromFiles(List<Path> files) {
        List<NoteKeys.Signer> keys = new ArrayList<>();
        for (Path file : files) {
            try {
                keys.add(NoteKeys.signer(Files.readString(file)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the checkpoint signer key " + file + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the checkpoint signer key in " + file + " is not usable: " + e.getMessage(), e);
            }
        }
        return List.copyOf(keys);
    }

    /** The database's own key, made by the first instance that needs it (never in prod). */
    private NoteKeys.Signer localSigner() {
        if (environment.matchesProfiles("prod")) {
            throw new IllegalStateException("prod signs checkpoints only with keys from LEDGER_CHECKPOINT_KEY_FILES");
        }
        String origin = properties.origin();
        int made = jdbc.update("INSERT INTO merkle_local_signer (origin, signer_key) VALUES (?, ?) ON CONFLICT (origin) DO NOTHING",
                origin, NoteKeys.generateSigner(origin));
        String key = jdbc.queryForObject("SELECT signer_key FROM merkle_local_signer WHERE origin = ?", String.class, origin);
        NoteKeys.Signer signer = NoteKeys.signer(key);
        if (made == 1) {
            log.warn("Checkpoints are signed with a key made now and kept in the database ({}): fine for trying the ledger out, "
                    + "worthless against whoever runs its database; set LEDGER_CHECKPOINT_KEY_FILES", signer.verifier().text());
        }
        return signer;
    }
}
