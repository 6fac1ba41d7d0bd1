package org.coordination.ledger.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * What a verification of a ledger taking commands reads of the merkle-log processor's token: the events it still waits
 * for (beyond its index, or in one of its gaps) are not called skipped; any other kind of token excuses nothing.
 */
class AppenderProgressTest {

    private static final JacksonSerializer AXON = JacksonSerializer.defaultSerializer();

    @Test
    void aTokenAsAxonStoresItTellsWhichEventsTheProcessorStillWaitsFor() {
        SerializedObject<byte[]> stored = AXON.serialize(GapAwareTrackingToken.newInstance(120, List.of(97L, 110L)), byte[].class);
        AppenderProgress progress = AppenderProgress.of(stored.getData(), stored.getType().getName());

        assertThat(progress.index()).isEqualTo(120);
        assertThat(progress.gaps()).isEqualTo(Set.of(97L, 110L));
        assertThat(progress.waitsFor(110)).as("committed late into a gap").isTrue();
        assertThat(progress.waitsFor(121)).as("beyond what it passed").isTrue();
        assertThat(progress.waitsFor(111)).as("passed: in no leaf, it was skipped").isFalse();
        assertThat(progress.waitsFor(96)).isFalse();
    }

    @Test
    void aTokenOfAnotherKindOrUnreadableExcusesNothing() {
        SerializedObject<byte[]> other = AXON.serialize(new GlobalSequenceTrackingToken(120), byte[].class);
        for (AppenderProgress unknown : List.of(AppenderProgress.of(other.getData(), other.getType().getName()),
                AppenderProgress.of("not json".getBytes(), "org.axonframework.eventhandling.GapAwareTrackingToken"),
                AppenderProgress.of(null, null))) {
            assertThat(unknown.waitsFor(110)).isFalse();
            assertThat(unknown.waitsFor(Long.MAX_VALUE - 1)).isFalse();
        }
    }
}
