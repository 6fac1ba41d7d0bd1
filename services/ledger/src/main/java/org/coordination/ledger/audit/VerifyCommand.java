package org.coordination.ledger.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.merkle.MerkleProofs;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.transparency.CheckpointChainCheck;
import org.coordination.ledger.transparency.LogVerification;
import org.coordination.ledger.transparency.ProofCheck;

/**
 * {@code java -jar ledger.jar verify [options]}: verifies the ledger offline, without the service,
 * straight against its database, with a progress display. Exit status 0: intact; 1: broken; 2: usage.
 *
 * <pre>
 *   --db-url URL --db-user USER --db-password PASSWORD   a PostgreSQL server (default: LEDGER_DB_* from the environment)
 *   --data-dir DIR                                       the embedded default's data directory (default .ledger/data)
 *   --digest UPTO:EVENTS:SHA256                          also check against a digest kept elsewhere
 *   --log-key VERIFIER_KEY[,VERIFIER_KEY…]               also check the Merkle log against its signed checkpoints
 *   --proof FILE  (with --log-key, no database)          check one proof saved from /api/v1/audit/log/proofs/…
 *   --checkpoints FILE  (with --log-key, no database)    check a chain of checkpoints saved from the checkpoint topic
 * </pre>
 */
public final class VerifyCommand {

    private VerifyCommand() {
    }

    public static int run(String[] args, Map<String, String> environment, PrintStream out) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                out.println("usage: verify [--db-url URL --db-user USER --db-password PASSWORD | --data-dir DIR] [--digest UPTO:EVENTS:SHA256] "
                        + "[--log-key VERIFIER_KEY[,…]]\n       verify --log-key VERIFIER_KEY[,…] --proof FILE | --checkpoints FILE");
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        LedgerIntegrity.Digest kept = null;
        if (options.containsKey("digest")) {
            String[] parts = options.get("digest").split(":");
            // a typo is a usage error (2), not a broken ledger (1): the digest is held to what the API's verify takes
            if (parts.length != 3 || !parts[0].matches("^\\d{1,18}$") || !parts[1].matches("^\\d{1,18}$")
                    || !parts[2].matches("^[0-9a-fA-F]{64}$")) {
                out.println("--digest takes UPTO:EVENTS:SHA256 (two numbers and 64 hex characters), as GET /api/v1/audit/digest returns them");
                return 2;
            }
            kept = new LedgerIntegrity.Digest(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2].toLowerCase(java.util.Locale.ROOT));
        }
        List<NoteKeys.Verifier> logKeys;
        try {
            logKeys = options.containsKey("log-key")
                    ? Arrays.stream(options.get("log-key").split(",")).map(NoteKeys::verifier).toList() : List.of();
        } catch (IllegalArgumentException e) {
            out.println("--log-key takes verifier keys (<name>+<key id>+<key>), as GET /api/v1/audit/log/keys lists them: " + e.getMessage());
            return 2;
        }
        if (options.containsKey("proof")) {
            return checkProof(Path.of(options.get("proof")), logKeys, out);
        }
        if (options.containsKey("checkpoints")) {
            return checkChain(Path.of(options.get("checkpoints")), logKeys, out);
        }
        String url = options.getOrDefault("db-url", environment.get("LEDGER_DB_URL"));
        EmbeddedPostgres embedded = null;
        try {
            LogVerification.Connections connections;
            if (url != null && !url.isBlank()) {
                String user = options.getOrDefault("db-user", environment.getOrDefault("LEDGER_DB_USER", "postgres"));
                String password = options.getOrDefault("db-password", environment.getOrDefault("LEDGER_DB_PASSWORD", ""));
                connections = () -> DriverManager.getConnection(url, user, password);
                out.println("Verifying the ledger at " + url);
            } else {
                Path dataDirectory = Path.of(options.getOrDefault("data-dir", environment.getOrDefault("LEDGER_DATA_DIR", ".ledger/data")));
                if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
                    out.println("No ledger in " + dataDirectory.toAbsolutePath() + "; give --data-dir or --db-url");
                    return 2;
                }
                // the service must be stopped: PostgreSQL allows one server per data directory
                embedded = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false).start();
                javax.sql.DataSource database = embedded.getPostgresDatabase();
                connections = database::getConnection;
                out.println("Verifying the embedded ledger in " + dataDirectory.toAbsolutePath());
            }
            try (Connection connection = connections.open()) {
                long started = System.nanoTime();
                LedgerIntegrity.Report report = LedgerIntegrity.verify(connection, kept, (done, total) -> {
                    int percent = total == 0 ? 100 : (int) (100 * done / total);
                    out.printf("\r  %,d / %,d events  %3d%%  [%-40s]", done, total, percent, "#".repeat(percent * 40 / 100));
                    out.flush();
                });
                out.println();
                out.printf("%,d events in %,d streams checked in %.1f s%n", report.eventsChecked(), report.streamsChecked(),
                        (System.nanoTime() - started) / 1e9);
                if (report.digestCheck() != null) {
                    out.println("Digest up to " + report.digestCheck().upToGlobalIndex() + ": " + report.digestCheck().sha256());
                }
                boolean intact = report.intact();
                if (intact) {
                    out.println("INTACT: every hash recomputes and every chain is whole");
                } else {
                    out.println("BROKEN: " + report.breaks().size() + " stream(s) or digest(s) fail");
                    for (LedgerIntegrity.Break broken : report.breaks()) {
                        out.println("  " + (broken.aggregateId() == null ? "(digest)" : broken.stream() + " #" + broken.sequence())
                                + (broken.globalIndex() == null ? "" : " (global " + broken.globalIndex() + ")") + ": " + broken.problem());
                    }
                }
                if (!logKeys.isEmpty()) {
                    intact &= verifyLog(connection, connections, logKeys, out);
                }
                return intact ? 0 : 1;
            }
        } catch (Exception e) {
            out.println("Cannot verify: " + e.getMessage());
            return 2;
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (Exception ignored) {
                    // best effort: the process ends next
                }
            }
        }
    }

    /** The Merkle log against its checkpoints, with the keys given; whether it is intact. */
    private static boolean verifyLog(Connection connection, LogVerification.Connections connections, List<NoteKeys.Verifier> keys, PrintStream out)
            throws java.sql.SQLException {
        out.println("Verifying the Merkle log against its checkpoints, trusting " + keys.stream().map(NoteKeys.Verifier::text).toList());
        long started = System.nanoTime();
        LogVerification.Report log = LogVerification.verify(connection, connections, keys, (done, total) -> {
            int percent = total == 0 ? 100 : (int) (100 * done / total);
            out.printf("\r  %,d / %,d leaves  %3d%%  [%-40s]", done, total, percent, "#".repeat(percent * 40 / 100));
            out.flush();
        });
        out.println();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("%,d leaves and %,d signed checkpoints checked in %.1f s (%,.0f leaves/s); %,d leaves after the last checkpoint (%,d), "
                + "%,d events not in the log yet%n", log.leavesChecked(), log.checkpointsChecked(), seconds,
                log.leavesChecked() / Math.max(seconds, 1e-9), log.leavesNotCheckpointed(), log.lastCheckpointSize(), log.eventsNotInLog());
        if (log.intact()) {
            out.println("LOG INTACT: every event hashes to its leaf and every signed root recomputes");
            return true;
        }
        out.println("LOG BROKEN: " + log.problems().size() + " problem(s)");
        log.problems().forEach(problem -> out.println("  " + problem));
        return false;
    }

    private static int checkProof(Path file, List<NoteKeys.Verifier> keys, PrintStream out) {
        if (keys.isEmpty()) {
            out.println("--proof needs --log-key: a proof is worth only what the key that signed its checkpoint is");
            return 2;
        }
        try {
            out.println("VALID: " + ProofCheck.check(file, keys));
            return 0;
        } catch (MerkleProofs.InvalidProof e) {
            out.println("INVALID: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            out.println("Cannot read the proof " + file + ": " + e.getMessage());
            return 2;
        }
    }

    private static int checkChain(Path file, List<NoteKeys.Verifier> keys, PrintStream out) {
        if (keys.isEmpty()) {
            out.println("--checkpoints needs --log-key: checkpoints are worth only what the key that signed them is");
            return 2;
        }
        try {
            CheckpointChainCheck.Report report = CheckpointChainCheck.check(file, keys);
            out.printf("%d checkpoints accepted (the last of %,d events), %d repeated%n", report.accepted(), report.lastTreeSize(), report.repeated());
            if (report.intact()) {
                out.println("CHAIN INTACT: every checkpoint is signed by a trusted key and extends the one before");
                return 0;
            }
            out.println("CHAIN BROKEN: " + (report.refusals().isEmpty() ? "no checkpoint in " + file : report.refusals().size() + " refused"));
            report.refusals().forEach(refusal -> out.println("  " + refusal));
            return 1;
        } catch (java.io.IOException e) {
            out.println("Cannot read the checkpoints " + file + ": " + e.getMessage());
            return 2;
        }
    }
}
