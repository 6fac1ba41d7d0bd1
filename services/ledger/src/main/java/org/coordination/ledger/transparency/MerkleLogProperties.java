package org.coordination.ledger.transparency;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Merkle log's settings ({@code ledger.merkle}): the log's name, the signer key files (the first signs, the
 * others cosign during a rotation), and when a checkpoint is due: {@code checkpointEvents} events not yet covered, or
 * {@code checkpointInterval} since the last one, looked at every {@code checkpointPoll}. A checkpoint covers at most
 * {@code checkpointMaxEvents} events more than the one before it (a log catching up gets several), so that its
 * announcement, which carries those events' leaves, stays well under a Kafka record's size limit.
 */
@ConfigurationProperties("ledger.merkle")
public record MerkleLogProperties(String origin, List<Path> signerKeyFiles, long checkpointEvents, Duration checkpointInterval,
                                  Duration checkpointPoll, long checkpointMaxEvents, String checkpointTopic) {

    public MerkleLogProperties {
        signerKeyFiles = signerKeyFiles == null ? List.of() : List.copyOf(signerKeyFiles);
        if (checkpointEvents < 1 || checkpointMaxEvents < checkpointEvents) {
            throw new IllegalArgumentException("ledger.merkle.checkpoint-events must be at least 1 and checkpoint-max-events at least as many");
        }
    }
}
