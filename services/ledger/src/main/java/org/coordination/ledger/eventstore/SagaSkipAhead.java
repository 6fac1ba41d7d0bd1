package org.coordination.ledger.eventstore;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A policy (a saga type, each in its own tracking processor) far behind the store's head passes a long
 * stretch of events its saga does not handle without reading them. Through Axon each of those events is
 * read with its payload, made a message and offered to the saga, which declines it: after a stop, four
 * policies doing that over every event of the history took most of the machine while the read models
 * caught up (docs/benchmarks.md). Here, once a second, for each saga processor that runs on this instance
 * and is more than {@code lag} events behind: if none of the next {@code lag} events is one its saga
 * handles, the processor is stopped, its token claimed and moved past the events up to the next one it
 * handles (or the head) as the engine would move it ({@link EngineTokens}, reading only each row's index,
 * type and time, in aggregate queries over ranges of the primary key where it can), and the processor
 * started again; it reads on from the first event it handles.
 *
 * <p>Under the claim the token stops before any event the saga handles, whatever was committed since the
 * first look. The handled types are the payload types of the saga's
 * handlers, a sealed family by its concrete members; a saga with a handler for an open type (a class or
 * interface anything may extend) is never skipped: its types cannot be told by name.
 */
@Component
public class SagaSkipAhead {

    private static final Logger log = LoggerFactory.getLogger(SagaSkipAhead.class);

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final long lag;
    /** Global indexes a range of the stretch spans, read in one aggregate query: never the whole table at once. */
    private final long window;
    /** The payload types each saga class handles, by name (from its code, so kept); empty if they cannot be told. */
    private final Map<Class<?>, Optional<Set<String>>> handled = new ConcurrentHashMap<>();
    private final PeriodicLook looks;

    SagaSkipAhead(EventProcessingConfiguration processing, TokenStore tokenStore, TransactionTemplate transactions, JdbcTemplate jdbc,
                  Clock clock, @Value("${ledger.processors.skip-ahead-lag:10000}") long lag,
                  @Value("${ledger.processors.skip-ahead-window:100000}") long window,
                  @Value("${ledger.processors.skip-ahead-poll:1s}") Duration interval, ApplicationContext context) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.lag = lag;
        this.window = Math.max(1, window);
        this.looks = new PeriodicLook("ledger-skip-ahead", this::tick, interval, Duration.ofSeconds(30));
        if (lag > 0) { // without a lag to skip, no looks; at the close, a skip under way commits or rolls back whole
            looks.runningWith(context);
        }
    }

    /** One look at every saga processor; never throws (the next look tries again). */
    void tick() {
        if (lag <= 0) {
            return;
        }
        Long head = null; // the store's head, read once per look, and only if a policy runs here
        for (EventProcessor processor : processing.eventProcessors().values()) {
            if (looks.closing()) {
                return;
            }
            if (!(processor instanceof TrackingEventProcessor tracking) || !tracking.isRunning()) {
                continue;
            }
            try {
                EventTrackerStatus status = tracking.processingStatus().get(0);
                Optional<Set<String>> types = handledTypes(tracking.eventHandlerInvoker());
                if (status != null && !status.isErrorState() && types.isPresent()) { // a saga processor running here
                    head = head != null ? head : head();
                    skipAhead(tracking, types.get(), status.getTrackingToken(), head);
                }
            } catch (RuntimeException e) {
                log.warn("Skipping ahead for {} failed; trying again later", processor.getName(), e);
            }
        }
    }

    /** The highest global index stored, -1 for an empty store. */
    long head() {
        return StoreHead.of(jdbc);
    }

    /** The types a processor's sagas handle; empty if it invokes anything but sagas, or a saga with an open type. */
    Optional<Set<String>> handledTypes(EventHandlerInvoker invoker) {
        if (invoker instanceof AbstractSagaManager<?> saga) {
            return handledTypes(saga.getSagaType());
        }
        if (!(invoker instanceof MultiEventHandlerInvoker several) || several.delegates().isEmpty()) {
            return Optional.empty();
        }
        Set<String> types = new TreeSet<>();
        for (EventHandlerInvoker delegate : several.delegates()) {
            Optional<Set<String>> handledThere = handledTypes(delegate);
            if (handledThere.isEmpty()) {
                return Optional.empty();
            }
            types.addAll(handledThere.get());
        }
        return Optional.of(Set.copyOf(types));
    }

    Optional<Set<String>> handledTypes(Class<?> sagaType) {
        return handled.computeIfAbsent(sagaType, SagaSkipAhead::payloadTypes);
    }

    private static Optional<Set<String>> payloadTypes(Class<?> sagaType) {
        Set<String> types = new TreeSet<>();
        for (Class<?> type = sagaType; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                SagaEventHandler handler = method.getAnnotation(SagaEventHandler.class);
                if (handler == null) {
                    continue;
                }
                Class<?> payload = handler.payloadType() != Object.class ? handler.payloadType()
                        : method.getParameterCount() > 0 ? method.getParameterTypes()[0] : Object.class;
                if (!addConcrete(payload, types)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(Set.copyOf(types));
    }

    /** The type's concrete classes by name: itself if final, each leaf of a sealed hierarchy; false for an open type. */
    private static boolean addConcrete(Class<?> type, Set<String> names) {
        if (Modifier.isFinal(type.getModifiers())) {
            names.add(type.getName());
            return true;
        }
        if (!type.isSealed()) {
            return false; // any class may extend it: the handled types cannot be told by name
        }
        for (Class<?> permitted : type.getPermittedSubclasses()) {
            if (!addConcrete(permitted, names)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Moves the processor's token past the events from {@code observed} on that its saga does not handle,
     * if more than {@code lag} of them come next (up to {@code head} at most); the processor is stopped
     * meanwhile and started again.
     */
    void skipAhead(TrackingEventProcessor processor, Set<String> types, TrackingToken observed, long head) {
        if (!(observed instanceof GapAwareTrackingToken token)) {
            return; // a token of another kind (a replay's), or none yet
        }
        if (head - token.getIndex() <= lag) {
            return;
        }
        // only the next lag events are looked at before the processor is stopped: the stretch itself is read once,
        // under the claim (finding where it ends first, then passing it, read it twice: at a million events behind,
        // two scans of the whole table of a few seconds each)
        Boolean handledSoon = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM (SELECT payload_type FROM domain_event_entry "
                        + "WHERE global_index > ? ORDER BY global_index LIMIT ?) next WHERE payload_type = ANY (?))",
                Boolean.class, token.getIndex(), lag, types.toArray(String[]::new));
        if (Boolean.TRUE.equals(handledSoon)) {
            return; // the processor reads them itself
        }
        ProcessorRestart.stop(processor);
        try {
            GapAwareTrackingToken[] from = new GapAwareTrackingToken[1];
            Passed[] passed = new Passed[1];
            transactions.executeWithoutResult(tx -> {
                TrackingToken claimed = tokenStore.fetchToken(processor.getName(), 0); // claims it, or fails
                if (claimed instanceof GapAwareTrackingToken stored) {
                    from[0] = stored;
                    passed[0] = passUnhandled(stored, head, types);
                    tokenStore.storeToken(passed[0].token(), processor.getName(), 0);
                }
                tokenStore.releaseClaim(processor.getName(), 0);
            });
            if (passed[0] != null && passed[0].token() != from[0]) {
                log.info("{}: skipped ahead from global index {} to {} over events its saga does not handle ({})", processor.getName(),
                        from[0].getIndex(), passed[0].token().getIndex(), passed[0].rowByRow() ? "row by row" : "in aggregate queries");
            }
        } catch (UnableToClaimTokenException claimedElsewhere) {
            log.debug("{}: another instance took the processor", processor.getName());
        } finally {
            ProcessorRestart.start(processor);
        }
    }

    /**
     * A token moved over a stretch, and whether some of it was read row by row (old and recent events mixed, a recent
     * range with a hole, a handled event in a gap).
     */
    record Passed(GapAwareTrackingToken token, boolean rowByRow) {
    }

    /**
     * What one aggregate query says of a range: its first handled event, whether any or all of its events are recent,
     * its last event, how many events it holds past the token's index, and which of the token's gaps hold an event.
     */
    private record Range(Long firstHandled, boolean recent, boolean allRecent, Long last, long ahead, List<Long> filled) {

        /**
         * Whether the token can be moved past the whole range from this alone: none of its events is handled, and either
         * none is recent (the engine keeps no gap before an old event), or all are and no index past the token's is
         * missing (a run of recent events adds no gap: the ledger's ranges just after a burst, as after a restart).
         */
        boolean passable(GapAwareTrackingToken token) {
            return firstHandled == null && (!recent || (allRecent && (ahead == 0 || last - token.getIndex() == ahead)));
        }

        /** The token past the range, {@link #passable} being true. */
        GapAwareTrackingToken pass(GapAwareTrackingToken token) {
            if (!recent) {
                return passedTo(token, this);
            }
            return EngineTokens.afterRecentRun(token, filled, ahead == 0 ? token.getIndex() : last);
        }
    }

    /**
     * The token after every event from {@code from} up to {@code head}, stopping before the first one of
     * {@code types}: the events committed late into its gaps first, then the ones after it, as the engine
     * reads them. Range after range of the primary key, each in one aggregate query from the token's index on
     * (with its gaps): a range with none handled is passed whole if its events were all stored long ago, or all
     * recently with no index missing past the token's; in the range holding the first handled event, the events
     * before it are passed the same way by a second aggregate query if it still finds none handled. Otherwise (old and
     * recent events mixed, a recent range with a hole, a handled event in a gap) the range is read row by row up to the
     * first handled event.
     */
    Passed passUnhandled(GapAwareTrackingToken from, long head, Set<String> types) {
        String[] handled = types.toArray(String[]::new);
        // the database says of each row whether the saga handles it and whether it is recent enough for
        // gaps before it to be kept: neither its type nor its time is sent, let alone parsed, here
        RecentlyStored recentSince = RecentlyStored.at(clock.instant());
        GapAwareTrackingToken token = from;
        boolean rowByRow = false;
        long at = from.getIndex(); // where the next range ends is counted from here; each range is read from the token on
        while (at < head) {
            long to = Math.min(head, at + window);
            // from the token, not from the last range's end: an event committed since into the indexes after the token's
            // last event is read, as a single statement over the whole stretch would have read it
            Range range = aggregate(token, to, handled, recentSince);
            if (range.passable(token)) {
                token = range.pass(token);
                at = to;
                continue;
            }
            if (range.firstHandled() != null && range.firstHandled() > token.getIndex()) { // not in a gap: the events before it
                // a statement of its own sees what was committed since the first: it passes them only if still none is handled
                Range before = aggregate(token, range.firstHandled() - 1, handled, recentSince);
                if (before.passable(token)) {
                    return new Passed(before.pass(token), rowByRow);
                }
            }
            rowByRow = true;
            Stop stop = rowByRow(token, to, handled, recentSince);
            token = stop.token();
            if (stop.atHandled()) {
                return new Passed(token, true);
            }
            at = to;
        }
        return new Passed(token, rowByRow);
    }

    private static final String ROWS = "SELECT global_index, payload_type = ANY (?) AS handled, " + RecentlyStored.CONDITION + " AS recent "
            + "FROM domain_event_entry WHERE global_index = ANY (?) OR (global_index > ? AND global_index <= ?)";

    /**
     * The token past a range of old events none of which is handled: after its last, with no gaps, as the engine
     * leaves it past events older than its gap timeout. If the range holds no event past the token's index, only rows
     * of its gaps (committed late), the index stays where it is and each such row goes as the engine takes it: an old
     * event gives up the gaps below it too.
     */
    private static GapAwareTrackingToken passedTo(GapAwareTrackingToken token, Range range) {
        if (range.last() != null && range.last() > token.getIndex()) {
            return EngineTokens.afterOldEvents(range.last());
        }
        return EngineTokens.afterFilledGaps(token, range.filled(), false);
    }

    /** The rows of the token's gaps and from its index up to {@code to}, in one aggregate query. */
    private Range aggregate(GapAwareTrackingToken token, long to, String[] handled, RecentlyStored recentSince) {
        return jdbc.queryForObject("SELECT min(global_index) FILTER (WHERE handled), bool_or(recent) IS TRUE, bool_and(recent) IS TRUE, "
                        + "max(global_index), count(*) FILTER (WHERE global_index > ?), "
                        + "array_agg(global_index ORDER BY global_index) FILTER (WHERE global_index <= ?) FROM (" + ROWS + ") stretch",
                (row, n) -> new Range(row.getObject(1, Long.class), row.getBoolean(2), row.getBoolean(3), row.getObject(4, Long.class),
                        row.getLong(5), filled(row.getArray(6))),
                token.getIndex(), token.getIndex(), handled, recentSince.text(), recentSince.time(), token.getGaps().toArray(Long[]::new), token.getIndex(), to);
    }

    private static List<Long> filled(Array rows) throws SQLException {
        return rows == null ? List.of() : List.of((Long[]) rows.getArray());
    }

    /** A token moved row by row, and whether it stopped before an event the saga handles. */
    private record Stop(GapAwareTrackingToken token, boolean atHandled) {
    }

    /** The token moved over the rows of its gaps and after its index up to {@code to}, in order, up to the first one the saga handles. */
    private Stop rowByRow(GapAwareTrackingToken from, long to, String[] handled, RecentlyStored recentSince) {
        GapAwareTrackingToken[] token = {from};
        boolean[] stopped = {false};
        jdbc.query(ROWS + " ORDER BY global_index", result -> {
            if (stopped[0] || result.getBoolean(2)) {
                stopped[0] = true;
                return;
            }
            token[0] = EngineTokens.advance(token[0], result.getLong(1), result.getBoolean(3));
        }, handled, recentSince.text(), recentSince.time(), from.getGaps().toArray(Long[]::new), from.getIndex(), to);
        return new Stop(token[0], stopped[0]);
    }
}
