package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.structure.CommandStructureEvent;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.junit.jupiter.api.Test;

/**
 * A batch keeps documents as objects across its events; an event whose fold fails half-way (the live
 * processor dead-letters it and goes on) leaves nothing of itself in them.
 */
class DocumentBatchTest {

    /** Counts staff attached; a negative number is folded half-way and then refused, like a poison event. */
    public static final class Tally implements View {
        public int total;
        public int attachments;

        Tally() {
        }

        Tally(int total, int attachments) {
            this.total = total;
            this.attachments = attachments;
        }

        @Override
        public boolean exists() {
            return true;
        }
    }

    static final ViewType<Tally> TALLY = ViewType.of("tally", Tally.class, Tally::new, "CommandStructure",
            Fold.of(Tally.class, CommandStructureEvent.class, (event, lookup) -> Optional.of(event.structureId().value()),
                    (tally, event, meta) -> {
                        if (event instanceof StaffAttached attached) {
                            tally.attachments++;
                            tally.total += attached.personnel();
                            if (attached.personnel() < 0) {
                                throw new IllegalStateException("poison");
                            }
                        }
                    }));

    final ReadModels readModels = new ReadModels(List.of(TALLY), null, null, null);
    /** The table as it was before the batch. */
    final Map<ViewKey, Tally> table = Map.of(new ViewKey("tally", "cmcc"), new Tally(10, 1));
    /** The documents read from the table one at a time. */
    final List<String> loadedAlone = new ArrayList<>();
    final DocumentBatch batch = new DocumentBatch(new DocumentBatch.Loader() {
        @Override
        public <D extends View> Optional<D> load(ViewKey key, Class<D> type) {
            loadedAlone.add(key.id());
            Tally stored = table.get(key);
            return stored == null ? Optional.empty() : Optional.of(type.cast(new Tally(stored.total, stored.attachments)));
        }
    });

    @Test
    void aFailedEventLeavesTheDocumentAsTheEventsBeforeAndAfterItMadeIt() {
        fold(attached("cmcc", 5, 1));
        assertThatThrownBy(() -> fold(attached("cmcc", -100, 2))).hasMessage("poison");
        batch.undo(readModels);
        fold(attached("cmcc", 7, 3));

        assertThat(rows()).containsExactly("cmcc: 22 in 3 attachments");
    }

    @Test
    void aDocumentFirstTouchedByTheFailedEventStaysAsTheTableHasIt() {
        fold(attached("other", 4, 1));
        assertThatThrownBy(() -> fold(attached("cmcc", -100, 2))).hasMessage("poison");
        batch.undo(readModels);

        assertThat(rows()).as("cmcc is not written: the table keeps 10 in 1").containsExactly("other: 4 in 1 attachments");
    }

    @Test
    void aDocumentIsLoadedOnceAndKeptAsTheSameObjectAcrossTheBatch() {
        fold(attached("cmcc", 1, 1));
        Tally first = batch.load(new ViewKey("tally", "cmcc"), Tally.class).orElseThrow();
        batch.folded(attached("cmcc", 0, 0)); // the load above belongs to no failed event
        fold(attached("cmcc", 1, 2));

        assertThat(batch.load(new ViewKey("tally", "cmcc"), Tally.class).orElseThrow()).isSameAs(first);
        assertThat(first.total).isEqualTo(12);
    }

    @Test
    void documentsReadAheadAreFoldedIntoWithoutAReadOfTheirOwn() {
        Tally ahead = new Tally(40, 4);
        batch.preload(Set.of(new ViewKey("tally", "cmcc"), new ViewKey("tally", "new")), Map.of(new ViewKey("tally", "cmcc"), ahead));

        fold(attached("cmcc", 2, 5));
        fold(attached("new", 3, 1));
        fold(attached("cmcc", 1, 6));

        assertThat(loadedAlone).as("both were read ahead, one of them found without a row").isEmpty();
        assertThat(rows()).containsExactly("cmcc: 43 in 6 attachments", "new: 3 in 1 attachments");
    }

    @Test
    void aDocumentReadAheadThatAFailedEventHadInHandIsReadAgainFromTheTable() {
        batch.preload(Set.of(new ViewKey("tally", "cmcc")), Map.of(new ViewKey("tally", "cmcc"), new Tally(40, 4)));

        assertThatThrownBy(() -> fold(attached("cmcc", -100, 5))).hasMessage("poison");
        batch.undo(readModels);
        fold(attached("cmcc", 2, 6));

        assertThat(loadedAlone).containsExactly("cmcc");
        assertThat(rows()).as("the table's 10 in 1, not the object the failed event changed").containsExactly("cmcc: 12 in 2 attachments");
    }

    @Test
    void aDocumentTheBatchAlreadyHoldsIsNotReplacedByOneReadAhead() {
        fold(attached("cmcc", 1, 1));
        batch.preload(Set.of(new ViewKey("tally", "cmcc")), Map.of(new ViewKey("tally", "cmcc"), new Tally(40, 4)));
        fold(attached("cmcc", 1, 2));

        assertThat(rows()).containsExactly("cmcc: 12 in 3 attachments");
    }

    private void fold(EventEnvelope envelope) {
        readModels.project(envelope, batch, Set.of("tally"));
        batch.folded(envelope);
    }

    private List<String> rows() {
        return batch.rows(pending -> pending.key().id() + ": " + ((Tally) pending.view()).total + " in "
                + ((Tally) pending.view()).attachments + " attachments");
    }

    private static EventEnvelope attached(String structure, int personnel, long sequence) {
        Instant at = Instant.parse("2025-11-18T08:00:00Z");
        return new EventEnvelope(new StaffAttached(StructureId.of(structure), Nation.of("FRA"), personnel, "staff", personnel), sequence,
                "e-" + structure + "-" + sequence, "CommandStructure", structure, sequence, at, at, "coordinator", "COORDINATOR", null);
    }
}
