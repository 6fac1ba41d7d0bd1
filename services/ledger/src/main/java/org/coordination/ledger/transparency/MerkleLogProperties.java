package org.coordination.ledger.transparency;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Merkle log's settings ({@code ledger.merkle}): the log's name, the signer key files (the first signs, the
 * others cosign during a rotation), and when a checkpoint is due: {@code checkpointEvents} events not yet covered, or
 * {@code checkpointInterval} since the last one, looked at every {@code checkpointPoll}.
 */
@ConfigurationProperties("ledger.merkle")
public record MerkleLogProperties(String origin, List<Path> signerKeyFiles, long checkpointEvents, Duration checkpointInterval,
                                  Duration checkpointPoll) {

    public MerkleLogProperties {
        signerKeyFiles = signerKeyFiles == null ? List.of() : List.copyOf(signerKeyFiles);
        if (checkpointEvents < 1) {
            throw new IllegalArgumentException("ledger.merkle.checkpoint-events must be at least 1");
        }
    }
}
