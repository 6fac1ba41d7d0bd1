package org.coordination.ledger.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The publisher's send timeout stays inside what PostgreSQL leaves an idle transaction: a batch may wait it twice. */
class KafkaPublishingPropertiesTest {

    @Test
    void aSendTimeoutAPublishersTransactionCouldNotOutwaitIsRefusedAtStart() {
        assertThat(new KafkaPublishingProperties("localhost:9092", null, null, null, null, null).sendTimeoutSeconds()).isEqualTo(30);
        assertThat(new KafkaPublishingProperties("localhost:9092", null, null, 55, null, null).sendTimeoutSeconds()).isEqualTo(55);
        for (int refused : new int[] {0, 56, 120}) {
            assertThatThrownBy(() -> new KafkaPublishingProperties("localhost:9092", null, null, refused, null, null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("send-timeout-seconds must be from 1 to 55");
        }
    }
}
