package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** The sagas' serializer writes what the general one writes and reads it back; it only stops interning map keys. */
class SagaSerializerTest {

    /** A policy's shape: a map keyed by ids seen once. */
    public static class Followed {
        public Map<String, String> pledges = new LinkedHashMap<>();
    }

    final JacksonSerializer general = JacksonSerializer.defaultSerializer();
    final Serializer sagas = VersionedSagaStore.serializerFor(general);

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
