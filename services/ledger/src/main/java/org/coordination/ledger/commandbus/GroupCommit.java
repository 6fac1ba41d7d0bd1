package org.coordination.ledger.commandbus;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.coordination.ledger.eventstore.HeldAppends;
import org.coordination.ledger.eventstore.PaddedBlocks;
import org.coordination.ledger.eventstore.StreamId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit in the service: commands on different streams that arrive while a writer is busy are
 * handled one after another in <em>one</em> database transaction, and each is answered only once that
 * transaction has committed.
 *
 * <p>Why: at 32 clients most of PostgreSQL's work per command was the command's own transaction (its
 * begin and commit, its round trips, and a second transaction for the event's position), not the append.
 * The same inserts, eight to a transaction instead of one, cost PostgreSQL half the CPU each on this
 * machine (docs/benchmarks.md, change 27).
 *
 * <p>How a group stays correct:
 * <ul>
 *   <li>Each member is handled by the command bus in a unit of work of its own, exactly as alone: its
 *   aggregate, its events, its lookup rows, in that order. Only the database transaction is shared (the
 *   {@link GroupAwareTransactionManager} joins it), so a later member sees what an earlier one wrote,
 *   as a later command sees an earlier one's commit: the troop ceiling's lock and sum, a cited
 *   instrument, a filled post.</li>
 *   <li>The members' events are held as each appends them and stored together, in one batch, after the
 *   last member ({@link HeldAppends}). Commands decide from their own stream and the lookup, never
 *   from another stream's events, so no member needs an earlier one's events in the store; should one
 *   load another member's aggregate from it, the append of the stale one fails on its sequence and the
 *   group is handled alone.</li>
 *   <li>One command per stream in a group; a second command on a stream waits for the next group, in
 *   order. A member's aggregate is therefore never shared with another member.</li>
 *   <li>A member refused by a rule (before writing anything) is answered with its refusal; the others
 *   commit. A member whose aggregate another thread of this instance is handling is not waited for (the
 *   writer holds the group's rows meanwhile: {@link AggregateLocks}); it is sent back to be handled alone. A member that failed in the database or after it began to write (an append that lost a race,
 *   a lookup row that could not be written) spoils the transaction: the group rolls back and every
 *   member is handled again alone, in its own transaction, the way a command was handled before groups
 *   existed (and a lost race there is decided again on the stored state).</li>
 *   <li>A commit that fails answers every member with that failure, as a single command's failed commit
 *   does: its outcome is not known (docs/api.md, 503 and the Idempotency-Key).</li>
 * </ul>
 * Streams are spread over the writers by hash, so two writers of one instance never race for a stream.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** The member a writer thread is handling, for the transaction manager and the interceptor. */
    private static final ThreadLocal<Member> CURRENT = new ThreadLocal<>();
    /** The last sequence of each member's stream (null: none yet), read once for the group at its start. */
    private static final ThreadLocal<Map<String, Long>> HEADS = new ThreadLocal<>();

    /** What a command wrote, once its group committed: its events, and the global index of the last one. */
    public record Written(List<CommandOutcome.RecordedEvent> events, long lastPosition) {
    }

    private final CommandBus bus;
    private final EventBus eventBus;
    private final EventStorageEngine storageEngine;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final int maxGroupSize;
    private final List<Writer> writers = new ArrayList<>();
    private final DistributionSummary groupSizes;
    private volatile boolean closed;

    /**
     * @param writers      threads forming and committing groups; each stream always goes to the same one
     * @param maxGroupSize members of one transaction at most
     */
    public GroupCommit(CommandBus bus, EventBus eventBus, EventStorageEngine storageEngine, JdbcTemplate jdbc,
                       PlatformTransactionManager transactionManager, int writers, int maxGroupSize, MeterRegistry meters) {
        if (writers < 1 || maxGroupSize < 1) {
            throw new IllegalArgumentException("group commit needs at least one writer and one member per group");
        }
        this.bus = bus;
        this.eventBus = eventBus;
        this.storageEngine = storageEngine;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.maxGroupSize = maxGroupSize;
        this.groupSizes = DistributionSummary.builder("ledger.commands.group.size")
                .description("Commands committed together in one transaction by the group commit")
                .register(meters);
        for (int i = 0; i < writers; i++) {
            Writer writer = new Writer(i);
            this.writers.add(writer);
            writer.thread.start();
        }
    }

    /** True while this thread handles a member of a group: its transaction is the group's. */
    static boolean inGroup() {
        return CURRENT.get() != null;
    }

    /**
     * The stored head of a stream for the aggregate cache's check: while a member is handled, its own
     * stream's head as read for the whole group in one query at the group's start (no member but this one
     * appends to it in the group); otherwise {@code read}. Should another instance append to the stream
     * meanwhile, the member's append fails on the sequence and the group is handled alone.
     */
    public static Long storedHead(String stream, Function<String, Long> read) {
        Member member = CURRENT.get();
        Map<String, Long> heads = HEADS.get();
        if (member != null && heads != null && member.stream.equals(stream)) {
            return heads.get(stream);
        }
        return read.apply(stream);
    }

    /**
     * Whether {@code stream} is the stream of the member handled on this thread and had no event when the group's
     * heads were read at its start: a new aggregate (a pledge is one). Its load then needs no read of the store,
     * which would find no snapshot and no event (two statements per new aggregate, docs/benchmarks.md, change 47).
     * Should another instance create the stream meanwhile, the member's append fails on the sequence and the group
     * is handled alone, as with {@link #storedHead}.
     */
    static boolean newStream(String stream) {
        Member member = CURRENT.get();
        Map<String, Long> heads = HEADS.get();
        return member != null && heads != null && member.stream.equals(stream) && heads.containsKey(stream) && heads.get(stream) == null;
    }

    /**
     * Notes when a member's unit of work begins to commit (append, lookup): from then on a failure may have
     * left writes in the group's transaction. Registered on the command bus before any handler runs, so its
     * prepare-commit step runs before the event bus's.
     */
    MessageHandlerInterceptor<CommandMessage<?>> writingInterceptor() {
        return (UnitOfWork<? extends CommandMessage<?>> unitOfWork, org.axonframework.messaging.InterceptorChain chain) -> {
            Member member = CURRENT.get();
            if (member != null) {
                unitOfWork.onPrepareCommit(u -> member.writing = true);
            }
            return chain.proceed();
        };
    }

    /**
     * Handles a command in the next group of its writer and waits for that group's commit.
     *
     * @param stream the command's stream ({@code <Kind>:<id>}): one command per stream in a group
     * @return what it wrote; empty if its group could not commit for a reason that was not the command's
     *         own, in which case the caller handles it alone
     * @throws RuntimeException the command's refusal, as the command bus would have thrown it, or the
     *         failure of the group's commit
     */
    public Optional<Written> handle(CommandMessage<?> command, String stream) {
        if (closed) {
            return Optional.empty();
        }
        Member member = new Member(command, stream);
        writers.get(Math.floorMod(stream.hashCode(), writers.size())).queue.add(member);
        if (closed && member.take()) {
            member.answer.complete(Optional.empty()); // its writer may be gone, and has not taken it: handled alone
        }
        try {
            return member.answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the command's group to commit", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        closed = true;
        writers.forEach(writer -> writer.thread.interrupt());
        for (Writer writer : writers) {
            try {
                writer.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // whatever is still queued is handled alone by its caller (or refused by the closing bus)
            writer.queue.forEach(GroupCommit::handledAlone);
        }
    }

    /** Handles the members of one group in one transaction and answers them. Package-private for tests. */
    void commit(List<Member> group) {
        boolean[] committing = {false};
        boolean committed;
        try {
            committed = Boolean.TRUE.equals(transactions.execute(status -> {
                HEADS.set(heads(group));
                HeldAppends.hold();
                for (Member member : group) {
                    handleInGroup(member);
                    if (member.spoils()) {
                        status.setRollbackOnly();
                        return false;
                    }
                }
                storeHeld();
                positions(group);
                // committing once every other step before the COMMIT has run: the rows written just before it (a post
                // filled: FilledPosts, registered earlier, runs first) can still fail, and then the group is known to have
                // rolled back, so its members are handled alone rather than answered with an unknown outcome
                // (every synchronization has the lowest precedence: they run in the order they were registered)
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        committing[0] = true;
                    }
                });
                return true;
            }));
        } catch (RuntimeException failure) {
            if (committing[0]) {
                group.forEach(member -> member.answer.completeExceptionally(failure));
            } else {
                log.debug("A group of {} commands failed before its commit; each is handled alone", group.size(), failure);
                group.forEach(member -> member.answer.complete(Optional.empty()));
            }
            return;
        } finally {
            HEADS.remove();
            HeldAppends.release(); // whatever a group that did not get this far held is dropped with its transaction
        }
        if (!committed) {
            log.debug("A member of a group of {} commands failed in the database; each is handled alone", group.size());
            group.forEach(member -> member.answer.complete(Optional.empty()));
            return;
        }
        groupSizes.record(group.size());
        // The waiting callers first: on a machine with few cores, the threads woken first are the first to run,
        // and the callers' answers are what a client waits for; the processors only start a batch.
        group.forEach(Member::answer);
        // Each member's unit of work told the processors about its events before this commit made them
        // visible; tell them again now, or they would find them only at their next poll.
        try (Scope trace = enter(group.get(0).trace)) { // in a trace of the group's, not one of its own
            eventBus.publish(List.of());
        } catch (RuntimeException notified) { // committed and answered: the processors' poll finds the events
            log.warn("The processors could not be told of a committed group's events; their next poll finds them", notified);
        }
    }

    private void handleInGroup(Member member) {
        CURRENT.set(member);
        try (Scope trace = enter(member.trace)) {
            bus.dispatch(member.command, (command, result) -> member.result = result);
        } catch (RuntimeException e) {
            member.result = GenericCommandResultMessage.asCommandResultMessage(e);
        } finally {
            CURRENT.remove();
        }
        if (member.result == null) {
            member.result = GenericCommandResultMessage.asCommandResultMessage(
                    new IllegalStateException("The command bus did not answer " + member.command.getCommandName()));
        }
    }

    /**
     * The members' events, held while each member's unit of work appended them, stored in one batch: the
     * JDBC driver sends it as multi-row inserts of 1, 2, 4, … 128 rows, so a group of ten is two statements
     * instead of ten. A failure here (another instance took a sequence meanwhile) fails the group before its
     * commit: each member is handled alone.
     */
    private void storeHeld() {
        List<EventMessage<?>> held = HeldAppends.release();
        if (!held.isEmpty()) {
            storageEngine.appendEvents(held);
        }
    }

    /** The caller's trace context, current on this thread; nothing to switch when the caller had none (tracing off). */
    private static Scope enter(Context trace) {
        return trace == Context.root() ? Scope.noop() : trace.makeCurrent();
    }

    /**
     * The group's heads read: the streams as a list of parameters padded to a power of two ({@link PaddedBlocks}), each
     * head looked up by its primary key. As a plain join, the generic plan of the 32-stream shape took 1.4 ms a call
     * against 0.12 at 16, reading about as many buffers as the table has pages (most likely a scan of it;
     * docs/benchmarks.md, change 55); the lateral subquery with its limit (a stream has one head) cannot be flattened
     * into such a join.
     */
    private static final String[] READ_HEADS = PaddedBlocks.shapes(power -> "SELECT h.aggregate_type, h.aggregate_identifier, h.last_sequence "
            + "FROM (VALUES " + PaddedBlocks.repeat(power, "(?::text, ?::text)", "(?, ?)") + ") AS s(id, kind) "
            + "CROSS JOIN LATERAL (SELECT h.aggregate_type, h.aggregate_identifier, h.last_sequence FROM ledger_stream_head h "
            + "WHERE h.aggregate_identifier = s.id AND h.aggregate_type = s.kind LIMIT 1) h");
    /** The members' last events' positions read, likewise. */
    private static final String[] READ_POSITIONS = PaddedBlocks.shapes(power -> "SELECT event_identifier, global_index "
            + "FROM domain_event_entry WHERE event_identifier IN (" + PaddedBlocks.repeat(power, "?", "?") + ")");

    /** The last sequence of every member's stream, in a query per block (members of a new stream have none). */
    private Map<String, Long> heads(List<Member> group) {
        Map<String, Long> heads = new HashMap<>();
        List<StreamId> streams = new ArrayList<>(group.size());
        for (Member member : group) {
            streams.add(StreamId.parse(member.stream));
            heads.put(member.stream, null);
        }
        for (List<StreamId> block : PaddedBlocks.blocks(streams)) {
            int power = PaddedBlocks.power(block.size());
            jdbc.query(READ_HEADS[power], statement -> {
                for (int i = 0; i < 1 << power; i++) {
                    statement.setString(2 * i + 1, PaddedBlocks.padded(block, i).id());
                    statement.setString(2 * i + 2, PaddedBlocks.padded(block, i).kind());
                }
            }, rows -> {
                heads.put(new StreamId(rows.getString(1), rows.getString(2)).qualified(), rows.getLong(3));
            });
        }
        return heads;
    }

    /** The global index of each member's last event, read in the group's transaction (a query per block). */
    private void positions(List<Member> group) {
        List<String> ids = new ArrayList<>();
        for (Member member : group) {
            member.lastEvent().ifPresent(event -> ids.add(event.eventId()));
        }
        Map<String, Long> positions = new HashMap<>();
        for (List<String> block : PaddedBlocks.blocks(ids)) {
            int power = PaddedBlocks.power(block.size());
            jdbc.query(READ_POSITIONS[power], statement -> {
                for (int i = 0; i < 1 << power; i++) {
                    statement.setString(i + 1, PaddedBlocks.padded(block, i));
                }
            }, rows -> {
                positions.put(rows.getString(1), rows.getLong(2));
            });
        }
        for (Member member : group) {
            member.lastEvent().ifPresent(event -> member.lastPosition = positions.getOrDefault(event.eventId(), 0L));
        }
    }

    /** One command in a group: what it is, and, once handled, its result. */
    static final class Member {
        final CommandMessage<?> command;
        final String stream;
        final CompletableFuture<Optional<Written>> answer = new CompletableFuture<>();
        /** The caller's trace context (its HTTP request's span), for the writer thread that handles the command. */
        final Context trace = Context.current();
        CommandResultMessage<?> result;
        volatile boolean writing;
        long lastPosition;
        /** Taken by its writer for a group, or given back to its caller to handle alone: one or the other, once. */
        private final AtomicBoolean taken = new AtomicBoolean();

        Member(CommandMessage<?> command, String stream) {
            this.command = command;
            this.stream = stream;
        }

        boolean take() {
            return taken.compareAndSet(false, true);
        }

        /** Failed after it began to write, or in the database: the transaction may hold part of it, or be aborted. */
        boolean spoils() {
            return result.isExceptional() && (writing || inDatabase(result.exceptionResult()));
        }

        Optional<CommandOutcome.RecordedEvent> lastEvent() {
            if (result.isExceptional() || !(result.getPayload() instanceof CommandOutcome outcome) || outcome.events().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(outcome.events().get(outcome.events().size() - 1));
        }

        /** Its aggregate was being handled by another thread of this instance: tried, not waited for, nothing written. */
        boolean busy() {
            if (!result.isExceptional() || writing) {
                return false;
            }
            for (Throwable t = result.exceptionResult(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof AggregateLocks.AggregateBusyException) {
                    return true;
                }
            }
            return false;
        }

        void answer() {
            if (busy()) {
                answer.complete(Optional.empty()); // handled alone by its caller, after the group, where waiting is safe
                return;
            }
            if (result.isExceptional()) {
                Throwable failure = result.exceptionResult();
                answer.completeExceptionally(failure instanceof RuntimeException ? failure
                        : new org.axonframework.commandhandling.CommandExecutionException(failure.getMessage(), failure));
                return;
            }
            List<CommandOutcome.RecordedEvent> events = result.getPayload() instanceof CommandOutcome outcome ? outcome.events() : List.of();
            answer.complete(Optional.of(new Written(events, lastPosition)));
        }

        private static boolean inDatabase(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException || t instanceof DataAccessException || t instanceof TransactionException
                        || t instanceof jakarta.persistence.PersistenceException
                        || t instanceof org.axonframework.eventsourcing.eventstore.EventStoreException
                        || t instanceof org.axonframework.modelling.command.ConcurrencyException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A thread that takes what is queued for its streams, forms a group and commits it. */
    private final class Writer {
        final BlockingQueue<Member> queue = new LinkedBlockingQueue<>();
        final Thread thread;

        Writer(int index) {
            this.thread = new Thread(this::run, "ledger-group-commit-" + index);
            this.thread.setDaemon(true);
        }

        private void run() {
            CommandNetworkTimeout.forThisThread();
            Deque<Member> deferred = new ArrayDeque<>();
            while (!closed) {
                List<Member> group;
                try {
                    group = GroupFormation.next(deferred, queue, maxGroupSize);
                } catch (InterruptedException e) {
                    break;
                }
                group = claimed(group);
                if (group.isEmpty()) {
                    continue;
                }
                try {
                    commit(group);
                } catch (RuntimeException | Error unexpected) {
                    log.error("A group of {} commands could not be handled", group.size(), unexpected);
                    group.forEach(member -> member.answer.completeExceptionally(unexpected));
                }
            }
            deferred.forEach(GroupCommit::handledAlone);
        }
    }

    /**
     * The members of a formed group its writer takes: not one the closing service already gave back to its caller, which
     * handles it alone (committed here as well, it would be recorded twice). Package-private for tests.
     */
    static List<Member> claimed(List<Member> group) {
        return group.stream().filter(Member::take).toList();
    }

    /** A member no writer will take, given back to its caller to handle alone, unless a writer took it first. Package-private for tests. */
    static void handledAlone(Member member) {
        if (member.take()) {
            member.answer.complete(Optional.empty());
        }
    }
}
