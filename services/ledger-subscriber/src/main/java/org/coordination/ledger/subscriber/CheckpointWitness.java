package org.coordination.ledger.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.coordination.ledger.contract.merkle.CompactRange;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.contract.merkle.Witness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Witnesses the ledger's Merkle log from its checkpoint topic, trusting only the verifier keys it is configured with
 * ({@code LEDGER_SUBSCRIBER_LOG_KEYS}): each announced checkpoint is decided by {@link Witness} against the last one it
 * accepted (signature, fork, consistency proof, and the announced leaves rebuilding the signed root), and an accepted
 * one's leaves are kept, so that every event applied can be found in a signed checkpoint. A refusal is recorded and
 * logged; the state does not move, so every later checkpoint is refused too until an operator looks.
 */
@Component
@ConditionalOnExpression("!'${subscriber.witness.log-keys:}'.isBlank()")
class CheckpointWitness {

    static final String ID = "ledger-checkpoints";
    private static final Logger log = LoggerFactory.getLogger(CheckpointWitness.class);
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final List<NoteKeys.Verifier> trusted;
    private final HeldRecords held;

    CheckpointWitness(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json,
                      @Value("${subscriber.witness.log-keys}") String logKeys, HeldRecords held) {
        this.held = held;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.trusted = Arrays.stream(logKeys.split(",")).map(String::strip).map(NoteKeys::verifier).toList();
        log.info("Witnessing the ledger's checkpoints, trusting {}", trusted.stream().map(NoteKeys.Verifier::text).toList());
    }

    // a group of its own: the witness's offsets and rebalances are not the view's
    @KafkaListener(id = ID, groupId = "${spring.kafka.consumer.group-id}-witness", topics = "${subscriber.witness.topic}")
    void on(ConsumerRecord<String, byte[]> record) throws IOException {
        JsonNode message = json.readTree(record.value());
        Witness.Announcement announcement = new Witness.Announcement(message.path("treeSize").asLong(), message.path("note").asText(),
                message.path("previousTreeSize").asLong(), hashes(message.path("consistencyProof")), hashes(message.path("leafHashes")));
        transactions.executeWithoutResult(status -> decide(announcement));
        held.applied(record);
    }

    void decide(Witness.Announcement announcement) {
        List<Witness.State> states = jdbc.query("SELECT origin, tree_size, root_hash, compact_range FROM witness_state FOR UPDATE",
                (row, n) -> new Witness.State(row.getString(1), row.getLong(2), row.getBytes(3), range(row.getLong(2), row.getBytes(4))));
        Witness.State state = states.isEmpty() ? null : states.get(0);
        byte[] knownRoot = jdbc.query("SELECT root_hash FROM witness_checkpoint WHERE tree_size = ?", (row, n) -> row.getBytes(1),
                announcement.treeSize()).stream().findFirst().orElse(null);
        Witness.Outcome outcome = Witness.check(state, knownRoot, announcement, trusted);
        if (outcome instanceof Witness.Accepted accepted) {
            accept(accepted, announcement);
        } else if (outcome instanceof Witness.Refused refused) {
            log.error("Refused the ledger's checkpoint of {} events ({}): {}", refused.treeSize(), refused.refusal(), refused.reason());
            jdbc.update("INSERT INTO witness_refusal (tree_size, refusal, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    refused.treeSize(), refused.refusal().name(), refused.reason());
        }
    }

    private void accept(Witness.Accepted accepted, Witness.Announcement announcement) {
        Witness.State state = accepted.state();
        jdbc.update("INSERT INTO witness_checkpoint (origin, tree_size, root_hash, issued_at, note) VALUES (?, ?, ?, ?, ?)", state.origin(),
                state.treeSize(), state.rootHash(), Timestamp.from(accepted.checkpoint().issuedAt()), announcement.note());
        byte[] range = bytes(state.range().roots());
        int moved = jdbc.update("UPDATE witness_state SET origin = ?, tree_size = ?, root_hash = ?, compact_range = ?", state.origin(),
                state.treeSize(), state.rootHash(), range);
        if (moved == 0) {
            jdbc.update("INSERT INTO witness_state (origin, tree_size, root_hash, compact_range) VALUES (?, ?, ?, ?)", state.origin(),
                    state.treeSize(), state.rootHash(), range);
        }
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("INSERT INTO witness_leaf (leaf_hash, tree_size) SELECT unnest(?::bytea[]), ? "
                    + "ON CONFLICT DO NOTHING");
            insert.setArray(1, connection.createArrayOf("bytea", announcement.leafHashes().toArray(byte[][]::new)));
            insert.setLong(2, state.treeSize());
            return insert;
        });
    }

    private static CompactRange range(long size, byte[] bytes) {
        List<byte[]> roots = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 32) {
            roots.add(Arrays.copyOfRange(bytes, i, i + 32));
        }
        return CompactRange.of(size, roots);
    }

    private static byte[] bytes(List<byte[]> roots) {
        ByteBuffer buffer = ByteBuffer.allocate(32 * roots.size());
        roots.forEach(buffer::put);
        return buffer.array();
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(hash -> hashes.add(HEX.parseHex(hash.asText())));
        return hashes;
    }
}
