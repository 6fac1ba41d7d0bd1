package org.coordination.ledger.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where each policy stood when it had a processor of its own, so that it does not handle an event twice now that
 * the four share one ({@link #PROCESSOR}, docs/adr/0012-one-processor-for-the-policies.md). The migration that
 * merged them (V20) started the shared processor at the lower bound of the four positions and kept each in
 * {@code policy_resume_point}; a saga's event handler here declines an event its policy had handled (the saga
 * then neither finds, starts nor changes anything for it), and handles every later one, and every gap the position
 * still had. Once the shared processor is past them the positions decline nothing it will see; they are read once,
 * at the first event, and never change.
 */
@Component
public class PolicyResumePoints implements HandlerEnhancerDefinition {

    /** The one processor of the four policies. */
    public static final String PROCESSOR = "policies";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Map<String, GapAwareTrackingToken> points;
    /** The event {@link #globalIndex} read last. */
    private volatile Indexed lastIndex;

    public PolicyResumePoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (original.annotationAttributes(SagaEventHandler.class).isEmpty()) {
            return original;
        }
        return new Resuming<>(original, original.declaringClass().getSimpleName() + "Processor"); // the name Axon gave its own processor
    }

    /** A saga's event handler that declines what its policy's own processor had passed. */
    final class Resuming<T> extends WrappedMessageHandlingMember<T> {

        private final String processor;

        Resuming(MessageHandlingMember<T> original, String processor) {
            super(original);
            this.processor = processor;
        }

        @Override
        public boolean canHandle(Message<?> message) {
            return !handledBefore(processor, message) && super.canHandle(message);
        }
    }

    /**
     * Whether the policy's own processor had handled this event before the merge: the event's own global index at
     * or below its position, and not one of its gaps. Past the position (every event since the upgrade) the
     * shared processor's token says so; at or below it, the token of an event that filled a gap carries the
     * index reached, not the event's, so the event's own index is read from the store (only in the stretch
     * between the lowest and the highest of the four positions, once after the upgrade).
     */
    boolean handledBefore(String processor, Message<?> message) {
        if (!(message instanceof TrackedEventMessage<?> tracked) || tracked.trackingToken() == null) {
            return false;
        }
        GapAwareTrackingToken point = points().get(processor);
        if (point == null || tracked.trackingToken().position().orElse(Long.MAX_VALUE) > point.getIndex()) {
            return false;
        }
        long index = globalIndex(tracked.getIdentifier());
        return index <= point.getIndex() && !point.getGaps().contains(index);
    }

    /** An event's id and global index. */
    private record Indexed(String eventId, long index) {
    }

    /** The event's global index; the last one asked for kept, as a saga asks once per handler. */
    private long globalIndex(String eventId) {
        Indexed last = lastIndex;
        if (last != null && last.eventId().equals(eventId)) {
            return last.index();
        }
        long index = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class, eventId);
        lastIndex = new Indexed(eventId, index);
        return index;
    }

    private Map<String, GapAwareTrackingToken> points() {
        Map<String, GapAwareTrackingToken> read = points;
        if (read == null) {
            synchronized (this) {
                if (points == null) {
                    Map<String, GapAwareTrackingToken> byProcessor = new HashMap<>();
                    jdbc.query("SELECT processor_name, convert_from(token, 'UTF8') FROM policy_resume_point",
                            rows -> {
                                byProcessor.put(rows.getString(1), token(rows.getString(2)));
                            });
                    points = Map.copyOf(byProcessor);
                }
                read = points;
            }
        }
        return read;
    }

    /** A gap-aware token as Axon's Jackson serializer writes it (the migration takes no other). */
    private GapAwareTrackingToken token(String stored) {
        try {
            return EngineTokens.fromJson(json.readTree(stored));
        } catch (IOException e) {
            throw new UncheckedIOException("a policy's resume point is not a gap-aware token: " + stored, e);
        }
    }
}
