package org.coordination.ledger.transparency;

import java.time.Duration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.coordination.ledger.eventstore.LingeringEventSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store as the merkle-log processor reads it: like the other processors', but lingering longer once it has caught
 * up ({@code ledger.merkle.linger}, 250 ms), so that under load a batch holds the events of many commands. Its work
 * per batch is a handful of statements and a transaction whatever the batch's size, and nobody waits for it but the
 * next checkpoint (a second away at most): with the processors' 10 ms it cost about half a millisecond of the
 * service's CPU per command at 32 clients (docs/benchmarks.md, "The Merkle log's cost").
 */
@Configuration(proxyBeanMethods = false)
class MerkleLogSource {

    @Bean
    LingeringEventSource merkleEventSource(EventStore eventStore, @Value("${ledger.merkle.linger:250ms}") Duration linger,
                                           @Value("${ledger.processors.thread-priority}") int threadPriority) {
        return new LingeringEventSource(eventStore, linger, threadPriority);
    }
}
