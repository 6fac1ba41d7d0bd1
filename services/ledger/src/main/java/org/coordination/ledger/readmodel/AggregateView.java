package org.coordination.ledger.readmodel;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;

/**
 * A view of one aggregate (a command structure, a force with its pledges, …). It remembers that
 * aggregate's version, the sequence number of its last event folded in, which reads return as their
 * {@code ETag}: a client that did not issue the last command can still send {@code If-Match} with it.
 * Events of other streams folded into the view (a force's pledges) do not change it: If-Match names
 * the version of the aggregate a command targets.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public abstract class AggregateView implements View {

    private long version = -1;

    public long version() {
        return version;
    }

    void versionAt(long sequence) {
        version = sequence;
    }
}
