package org.coordination.ledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.readmodel.EventMeta;
import org.coordination.ledger.readmodel.ReadLookup;
import org.coordination.ledger.readmodel.View;
import org.coordination.ledger.readmodel.ViewType;

/**
 * Given events, then the documents a {@link ViewType} folds them into: a view's plain unit test, with no
 * Spring and no database, in the style of Axon's aggregate fixtures.
 *
 * <p>Each event gets the metadata the ledger would give it: the next sequence number of its stream, an
 * effective and recorded time one minute after the previous event's (or the time given), the
 * coordinator as principal, and the citation set by {@link #citing}. Pledges are routed to their force by
 * an in-memory lookup kept from the {@code ContributionPledged} events, as the consistency lookup keeps
 * {@code lookup_contribution}. Documents go through JSON after every event, as the live processor stores
 * them, so a field Jackson cannot write or read back fails here too.
 */
public final class ViewFixture<D extends View> {

    /** The effective (and recorded) time of the first event. */
    public static final Instant START = Instant.parse("2025-11-01T08:00:00Z");

    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private record Given(LedgerEvent event, EventMeta meta) {
    }

    private final ViewType<D> type;
    private final List<Given> history = new ArrayList<>();
    private final Map<String, String> documents = new LinkedHashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, String> forceOfContribution = new HashMap<>();
    private Instant next = START;
    private String citation;

    private ViewFixture(ViewType<D> type) {
        this.type = type;
    }

    public static <D extends View> ViewFixture<D> of(ViewType<D> type) {
        return new ViewFixture<>(type);
    }

    /** The documents' lookup: the pledges seen so far, and their forces. */
    private final ReadLookup lookup = new ReadLookup() {
        @Override
        public List<String> contributionsOfForce(String forceId) {
            return forceOfContribution.entrySet().stream().filter(e -> e.getValue().equals(forceId)).map(Map.Entry::getKey).sorted()
                    .toList();
        }

        @Override
        public List<String> contributionsPlacedUnder(String structureId) {
            // asked by the structure's queries to find placed pledges, never by a view's router: a fixture has no use for it
            throw new UnsupportedOperationException("no view routes an event by placement");
        }
    };

    /** The citation of the events given from now on (null: none). */
    public ViewFixture<D> citing(String citation) {
        this.citation = citation;
        return this;
    }

    /** Events in the order the ledger recorded them, each effective one minute after the one before. */
    public ViewFixture<D> given(LedgerEvent... events) {
        for (LedgerEvent event : events) {
            givenAt(next, event);
        }
        return this;
    }

    /**
     * One event effective at {@code effectiveAt} (a back-dated decision, say), recorded one minute after
     * the event before it.
     */
    public ViewFixture<D> givenAt(Instant effectiveAt, LedgerEvent event) {
        Instant recordedAt = next;
        next = next.plus(Duration.ofMinutes(1));
        String stream = event.aggregateType() + ":" + event.aggregateId();
        long sequence = sequences.merge(stream, 1L, Long::sum) - 1;
        EventMeta meta = new EventMeta(event.aggregateType(), event.aggregateId(), sequence, effectiveAt, recordedAt, "coordinator",
                "COORDINATOR", citation);
        if (event instanceof ContributionPledged pledged) { // the consistency lookup, in the same transaction as the event
            forceOfContribution.put(pledged.contributionId().value(), pledged.forceId().value());
        }
        history.add(new Given(event, meta));
        type.route(event, lookup).ifPresent(id -> {
            D document = documents.containsKey(id) ? read(documents.get(id)) : type.emptyDocument();
            documents.put(id, write(type.fold(document, id, event, meta)));
        });
        return this;
    }

    /** The document now; it must exist. */
    public D document(String id) {
        Optional<D> document = find(id);
        assertThat(document).as("%s %s exists", type.model(), id).isPresent();
        return document.get();
    }

    /** The document now, if it exists. */
    public Optional<D> find(String id) {
        return Optional.ofNullable(documents.get(id)).map(this::read).filter(View::exists);
    }

    /** The document as stored: its JSON. */
    public JsonNode json(String id) {
        try {
            return JSON.readTree(Optional.ofNullable(documents.get(id)).orElseThrow(() -> new AssertionError("no " + type.model() + " " + id)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The document as of an effective time, folded again from the events given, as an as-of read does: the
     * events of the document's streams, in the order recorded, that took effect by then.
     */
    public Optional<D> asOf(String id, Instant effective) {
        D document = type.emptyDocument();
        List<String> streams = type.streams().of(id, lookup).stream().map(s -> s.aggregateType() + ":" + s.aggregateId()).toList();
        for (Given given : history) {
            if (streams.contains(given.meta().aggregateType() + ":" + given.meta().aggregateId())
                    && !given.meta().effectiveAt().isAfter(effective)
                    && type.route(given.event(), lookup).filter(id::equals).isPresent()) {
                type.fold(document, id, given.event(), given.meta());
            }
        }
        return document.exists() ? Optional.of(document) : Optional.empty();
    }

    /** The effective time the next event given with {@link #given} will carry. */
    public Instant now() {
        return next;
    }

    private D read(String json) {
        try {
            return JSON.readValue(json, type.documentType());
        } catch (JsonProcessingException e) {
            throw new AssertionError(type.documentType().getSimpleName() + " cannot be read back from its JSON: " + json, e);
        }
    }

    private String write(D document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new AssertionError(type.documentType().getSimpleName() + " cannot be written as JSON", e);
        }
    }
}
