package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The tracked stream's reads: on while batches come back full, over at a short one, and on again from there when asked. */
class TrackedReadsEngineTest {

    /** A store of positions 1..{@code size}; every fetch is recorded with the position it read after. */
    static final class Store {
        final List<Integer> fetchedAfter = new ArrayList<>();
        int size;

        List<Integer> fetch(Integer last, int batchSize) {
            int after = last == null ? 0 : last;
            fetchedAfter.add(after);
            List<Integer> batch = new ArrayList<>();
            for (int position = after + 1; position <= size && batch.size() < batchSize; position++) {
                batch.add(position);
            }
            return batch;
        }
    }

    @Test
    void aReadGoesOnWhileBatchesAreFullAndEndsAtAShortOneWithoutAnotherQuery() {
        Store store = new Store();
        store.size = 7;
        TrackedReadsEngine.Batches<Integer> read = new TrackedReadsEngine.Batches<>(last -> store.fetch(last, 3), 3, () -> { });

        assertThat(StreamSupport.stream(read, false).toList()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(store.fetchedAfter).as("3 full, 3 full, 1 short: no read after it").containsExactly(0, 3, 6);
    }

    @Test
    void aFullLastBatchIsFollowedByOneEmptyRead() {
        Store store = new Store();
        store.size = 6;
        TrackedReadsEngine.Batches<Integer> read = new TrackedReadsEngine.Batches<>(last -> store.fetch(last, 3), 3, () -> { });

        assertThat(StreamSupport.stream(read, false).toList()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(store.fetchedAfter).containsExactly(0, 3, 6);
    }

    @Test
    void askedAgainAfterItEndedTheReadGoesOnFromItsLastEvent() {
        Store store = new Store();
        store.size = 2;
        TrackedReadsEngine.Batches<Integer> read = new TrackedReadsEngine.Batches<>(last -> store.fetch(last, 3), 3, () -> { });
        List<Integer> seen = new ArrayList<>();

        read.forEachRemaining(seen::add);
        store.size = 4; // two more events committed meanwhile
        read.forEachRemaining(seen::add);
        read.forEachRemaining(seen::add); // nothing new: one empty read

        assertThat(seen).containsExactly(1, 2, 3, 4);
        assertThat(store.fetchedAfter).containsExactly(0, 2, 4);
    }

    @Test
    void aReadEndingShortIsReportedOnce() {
        Store store = new Store();
        store.size = 4;
        List<String> ended = new ArrayList<>();
        TrackedReadsEngine.Batches<Integer> read = new TrackedReadsEngine.Batches<>(last -> store.fetch(last, 3), 3, () -> ended.add("short"));

        read.forEachRemaining(position -> { });
        assertThat(ended).hasSize(1);
        read.forEachRemaining(position -> { }); // asked again: an empty read, which ends short too
        assertThat(ended).hasSize(2);
    }

    /** The store's reader right after a short read: a read can only find more after a commit here, or at its poll. */
    @Test
    void theReaderSkipsTheReadRightAfterAShortOneUnlessThisInstanceCommittedSince() {
        long[] now = {1_000_000_000L};
        TrackedReadsEngine.ReaderReads reads = new TrackedReadsEngine.ReaderReads(() -> now[0]);

        assertThat(reads.worthReading(5)).as("nothing read yet").isTrue();
        reads.endedShort(5);
        now[0] += 1_000; // the reader asks again at once, as Axon's does after a read that found events
        assertThat(reads.worthReading(5)).as("no commit since the read began: nothing new to find").isFalse();
        assertThat(reads.worthReading(6)).as("a commit here since (during or after the read)").isTrue();
        now[0] += TrackedReadsEngine.ReaderReads.RE_READ_WINDOW_NANOS;
        assertThat(reads.worthReading(5)).as("the reader's poll after a wait: another instance may have committed").isTrue();
    }
}
