package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * The sagas' serializer writes what the general one writes and reads it back, except the fields kept in rows of
 * their own ({@link SagaStateRows}), which it leaves out both ways; and it does not intern map keys.
 */
class SagaSerializerTest {

    /** A map keyed by ids seen once. */
    public static class Followed {
        public Map<String, String> pledges = new LinkedHashMap<>();
    }

    /** A saga with a part kept in rows. */
    public static class WithRows {
        public String note = "kept in the JSON";
        public Rows rows = new Rows();
    }

    public static class Rows {
        public List<String> ids = new ArrayList<>();
    }

    /** Only the type matters to the serializer. */
    static final SagaStateRows ROWS = new SagaStateRows() {
        @Override
        public Class<?> rowType() {
            return Rows.class;
        }

        @Override
        public void read(Connection connection, String sagaIdentifier, Object saga) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(Connection connection, Collection<Saga> sagas) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeWhole(Connection connection, String sagaIdentifier, Object saga) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Beside besideUpdate(String sagaIdentifier, Object saga) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int weight(Object saga) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(Connection connection, String sagaIdentifier) {
            throw new UnsupportedOperationException();
        }
    };

    final JacksonSerializer general = JacksonSerializer.defaultSerializer();
    final Serializer sagas = VersionedSagaStore.serializerFor(general, ROWS);

    @Test
    void aPartKeptInRowsIsLeftOutBothWays() {
        WithRows saga = new WithRows();
        saga.rows.ids.add("c-1");
        String json = new String(sagas.serialize(saga, byte[].class).getData(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"note\":\"kept in the JSON\"}");

        SerializedObject<byte[]> byGeneral = general.serialize(saga, byte[].class);
        assertThat(new String(byGeneral.getData(), StandardCharsets.UTF_8)).as("the general serializer writes it").contains("c-1");
        WithRows read = sagas.deserialize(byGeneral);
        assertThat(read.note).isEqualTo("kept in the JSON");
        assertThat(read.rows.ids).as("left as the saga's constructor makes it, for the rows to fill").isEmpty();
    }

    @Test
    void theSameJsonBothWays() {
        Followed saga = new Followed();
        for (int i = 0; i < 300; i++) {
            saga.pledges.put("contribution-" + i, i % 2 == 0 ? "PLEDGED" : "COMMITTED");
        }
        SerializedObject<byte[]> byGeneral = general.serialize(saga, byte[].class);
        SerializedObject<byte[]> bySagas = sagas.serialize(saga, byte[].class);

        assertThat(bySagas.getData()).isEqualTo(byGeneral.getData());
        assertThat(bySagas.getType()).isEqualTo(byGeneral.getType());
        Followed read = sagas.deserialize(byGeneral);
        assertThat(read.pledges).containsExactlyEntriesOf(saga.pledges);
    }

    @Test
    void mapKeysAreNotCanonicalized() {
        assertThat(general.getObjectMapper().getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)).isTrue();
        assertThat(((JacksonSerializer) sagas).getObjectMapper().getFactory().isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)).isFalse();
    }
}
