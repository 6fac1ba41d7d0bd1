package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.coordination.ledger.readmodel.DocumentBatchTest.Tally;
import org.junit.jupiter.api.Test;

/** The documents kept between the read models' batches: only what a commit wrote, and only while its row is unchanged. */
class CommittedDocumentsTest {

    static final ViewKey CMCC = new ViewKey("tally", "cmcc");

    /** The row in the table: its document and the version (xmin) of the transaction that wrote it last. */
    Tally row = new Tally(10, 1);
    long rowVersion = 7;

    final ViewStore table = new ViewStore(null, null) {
        @Override
        public <V> Optional<V> load(ViewKey key, Class<V> type) {
            return Optional.of(type.cast(new Tally(row.total, row.attachments)));
        }

        @Override
        public <V> Optional<V> loadUnlessAt(ViewKey key, Class<V> type, long version, V unchanged) {
            return version == rowVersion ? Optional.of(unchanged) : load(key, type);
        }
    };
    final CommittedDocuments documents = new CommittedDocuments(table, 1_000_000);

    @Test
    void aCommittedDocumentIsUsedAsLongAsItsRowIsTheVersionThatCommitWrote() {
        Tally committed = new Tally(10, 1);
        commit(committed, 7);

        assertThat(documents.take(CMCC, Tally.class)).containsSame(committed);
        assertThat(documents.take(CMCC, Tally.class)).as("handed to one batch only: the next reads the table")
                .get().isNotSameAs(committed);
    }

    @Test
    void aRowWrittenSinceByAnyoneElseIsReadFromTheTable() {
        commit(new Tally(10, 1), 7);
        row = new Tally(99, 9);
        rowVersion = 8; // another instance, a retried dead letter, a rebuild, an operator

        assertThat(documents.take(CMCC, Tally.class).orElseThrow().total).isEqualTo(99);
    }

    @Test
    void whatABatchThatRolledBackChangedNeverComesBack() {
        commit(new Tally(10, 1), 7);
        Tally taken = documents.take(CMCC, Tally.class).orElseThrow();
        taken.total = -1; // folded, then the batch rolled back: nothing is committed

        assertThat(documents.take(CMCC, Tally.class).orElseThrow().total).isEqualTo(10);
    }

    private void commit(Tally tally, long version) {
        documents.committed(List.of(new CommittedDocuments.Written(new DocumentBatch.Pending(CMCC, null, tally), 100)), version);
    }
}
