package org.coordination.ledger.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.coordination.ledger.commandbus.CommandNetworkTimeout;
import org.coordination.ledger.commandbus.CommandOutcome;
import org.coordination.ledger.commandbus.GroupCommit;
import org.coordination.ledger.contract.humanitarian.AdmissionDenied;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.eventstore.StreamTargetResolver;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.problem.ProblemMapper;
import org.coordination.ledger.provenance.Provenance;
import org.coordination.ledger.security.Actor;
import org.coordination.ledger.web.CommandRequestReader.CommandRequest;
import org.slf4j.MDC;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues a parsed, authorized command and answers as docs/api.md says. With an {@code Idempotency-Key}, the
 * key is claimed, the command handled and its answer stored in one transaction: a replay finds the
 * stored answer, a crash leaves neither events nor key, and a concurrent request with the same key
 * waits on the key's row and then replays. Without a key, a command is handled in the next group of the
 * {@link GroupCommit} (one transaction for the commands that arrived together); if its group cannot
 * commit for a reason not its own, it is handled alone. A command that loses a race for its stream to
 * another writer is decided again on the stored state (without If-Match) or answered 412 (with it).
 */
@Service
public class CommandService {

    /** The HTTP answer to a command, as stored for idempotent replays. */
    public record Answer(int status, String etag, String body, boolean replayed) {
    }

    /** Attempts of one command whose appends conflicted with another writer's, before answering 409. */
    static final int MAX_ATTEMPTS = 5;

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;
    private final ProblemMapper problems;
    private final Counter retriedConflicts;
    private final CommandMetrics metrics;
    /** Null when group commit is off (the axon-defaults profile): then every command has a transaction of its own. */
    private final GroupCommit groupCommit;

    public CommandService(CommandGateway commands, JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json,
                          ProblemMapper problems, MeterRegistry meters, ObjectProvider<GroupCommit> groupCommit, CommandMetrics metrics) {
        this.metrics = metrics;
        this.groupCommit = groupCommit.getIfAvailable();
        this.retriedConflicts = Counter.builder("ledger.commands.conflicts.retried")
                .description("Commands decided again on the stored state after another writer appended to the same stream first")
                .register(meters);
        this.commands = commands;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.canonicalJson = json.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        this.problems = problems;
    }

    public Answer issue(Actor actor, CommandCatalog.Entry entry, CommandRequest request, JsonNode body, String idempotencyKey,
                        Long expectedVersion) {
        long began = System.nanoTime();
        try {
            // its transactions bounded: a connection whose packets vanish fails it with a 503, not a request held for hours
            Answer answer = CommandNetworkTimeout.during(() -> decide(actor, entry, request, body, idempotencyKey, expectedVersion));
            metrics.issued(entry, request.command().aggregateId(), actor, answer, System.nanoTime() - began);
            return answer;
        } finally {
            MDC.remove(Provenance.CORRELATION_ID);
        }
    }

    private Answer decide(Actor actor, CommandCatalog.Entry entry, CommandRequest request, JsonNode body, String idempotencyKey,
                          Long expectedVersion) {
        String hash = idempotencyKey == null ? null : hash(entry.name(), body);
        for (int attempt = 1; ; attempt++) {
            try {
                return idempotencyKey == null
                        ? execute(actor, entry, request, expectedVersion)
                        : executeOnce(actor, entry, request, idempotencyKey, hash, expectedVersion);
            } catch (RuntimeException failure) {
                // Another writer appended to the same stream first. Nothing of this attempt was stored, and
                // the aggregate is loaded from the store again, so the command is simply decided again,
                // unless the caller pinned a version with If-Match (then the answer is 412).
                if (expectedVersion == null && attempt < MAX_ATTEMPTS && ProblemMapper.isAppendConflict(failure)) {
                    retriedConflicts.increment();
                    continue;
                }
                return refuse(actor, entry, idempotencyKey, hash, failure, expectedVersion != null);
            }
        }
    }

    /** Claims the key, handles the command and stores its answer in one transaction. */
    private Answer executeOnce(Actor actor, CommandCatalog.Entry entry, CommandRequest request, String idempotencyKey, String hash,
                               Long expectedVersion) {
        return transactions.execute(status -> {
            int claimed = jdbc.update("INSERT INTO idempotency_record (principal, key, command, request_hash, status, response_body) "
                    + "VALUES (?, ?, ?, ?, 0, '') ON CONFLICT DO NOTHING", actor.name(), idempotencyKey, entry.name(), hash);
            if (claimed == 0) {
                return replay(actor, idempotencyKey, hash);
            }
            Answer answer = execute(actor, entry, request, expectedVersion);
            store(actor, idempotencyKey, answer);
            return answer;
        });
    }

    private Answer refuse(Actor actor, CommandCatalog.Entry entry, String idempotencyKey, String hash, RuntimeException failure,
                          boolean versionPinned) {
        Answer answer = toAnswer(versionPinned && ProblemMapper.isAppendConflict(failure) ? ProblemMapper.versionMoved() : failure);
        if (idempotencyKey != null && (answer.status() == 400 || answer.status() == 404 || answer.status() == 422)) {
            // A refusal is an answer too: the same request with the same key gets the same refusal. It was
            // decided on stored state only (the aggregate cache never holds anything uncommitted).
            // Conflicts (409, 412) and an unreachable store (503) are transient and not remembered.
            transactions.executeWithoutResult(status -> jdbc.update(
                    "INSERT INTO idempotency_record (principal, key, command, request_hash, status, etag, response_body) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    actor.name(), idempotencyKey, entry.name(), hash, answer.status(), answer.etag(), answer.body()));
        }
        return answer;
    }

    private Answer replay(Actor actor, String key, String hash) {
        Map<String, Object> stored = jdbc.queryForMap(
                "SELECT request_hash, status, etag, response_body FROM idempotency_record WHERE principal = ? AND key = ?", actor.name(), key);
        if (!hash.equals(stored.get("request_hash"))) {
            throw ApiProblem.conflict("idempotency-key-reused", "Idempotency key reused",
                    "Idempotency-Key " + key + " was already used for a different request");
        }
        return new Answer((Integer) stored.get("status"), (String) stored.get("etag"), (String) stored.get("response_body"), true);
    }

    private void store(Actor actor, String key, Answer answer) {
        jdbc.update("UPDATE idempotency_record SET status = ?, etag = ?, response_body = ? WHERE principal = ? AND key = ?",
                answer.status(), answer.etag(), answer.body(), actor.name(), key);
    }

    private Answer execute(Actor actor, CommandCatalog.Entry entry, CommandRequest request, Long expectedVersion) {
        if (expectedVersion != null && current(request.command().aggregateType(), request.command().aggregateId())[0] < 0) {
            // Axon checks an expected version against an aggregate it loads, not for a command that creates one: without
            // this, If-Match on such a command (or on a missing aggregate) did nothing. Created meanwhile, the aggregate is
            // loaded and checked as usual, or the creating command refused by its rule.
            throw ProblemMapper.noVersionToMatch();
        }
        Map<String, Object> metaData = new HashMap<>();
        metaData.put(Provenance.PRINCIPAL, actor.name());
        metaData.put(Provenance.ROLE, actor.primaryRole(entry.roles()));
        if (request.citation() != null) {
            metaData.put(Provenance.CITATION, request.citation());
        }
        if (request.effectiveAt() != null) {
            metaData.put(Provenance.EFFECTIVE_AT, request.effectiveAt());
        }
        if (expectedVersion != null) {
            metaData.put(StreamTargetResolver.EXPECTED_VERSION, expectedVersion);
        }
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(request.command()).andMetaData(metaData);
        // its id is the correlation id of every event it stores (ProvenanceCorrelationDataProvider): in this request's
        // log lines too, so that a line leads to the events and back; the attempt that stores is the last one
        MDC.put(Provenance.CORRELATION_ID, command.getIdentifier());
        String aggregateId = request.command().aggregateId();
        // In a group only outside a transaction: with an Idempotency-Key, the key and the events commit together.
        Optional<GroupCommit.Written> grouped = groupCommit == null || TransactionSynchronizationManager.isActualTransactionActive()
                ? Optional.empty()
                : groupCommit.handle(command, new StreamId(request.command().aggregateType(), aggregateId).qualified());
        GroupCommit.Written written = grouped.orElseGet(() -> handleAlone(command));
        List<CommandOutcome.RecordedEvent> events = written.events();
        long[] versionAndPosition = events.isEmpty() ? current(request.command().aggregateType(), aggregateId)
                : new long[] {events.get(events.size() - 1).sequence(), written.lastPosition()};
        long version = versionAndPosition[0];
        CommandResponse response = new CommandResponse(entry.aggregateType(), aggregateId, version, versionAndPosition[1],
                events.stream().map(e -> new CommandResponse.EventRef(e.eventId(), e.type(), e.sequence())).toList());
        String etag = "\"" + version + "\"";
        if (events.stream().anyMatch(e -> e.type().equals(AdmissionDenied.class.getSimpleName()))) {
            // the refusal is itself recorded: still a 422, with the recorded event named
            ProblemDetail problem = ProblemMapper.ruleViolated("ORGANIZATION_EXCLUDED",
                    "The organization is excluded; the refused admission is recorded");
            problem.setProperty("events", response.events());
            problem.setProperty("position", response.position());
            return new Answer(422, etag, write(problem), false);
        }
        return new Answer(200, etag, write(response), false);
    }

    /** The command in a transaction of its own (or its caller's), and the position of its last event. */
    private GroupCommit.Written handleAlone(CommandMessage<?> command) {
        Object result = commands.sendAndWait(command);
        List<CommandOutcome.RecordedEvent> events = result instanceof CommandOutcome outcome ? outcome.events() : List.of();
        return new GroupCommit.Written(events, events.isEmpty() ? 0 : positionOf(events.get(events.size() - 1).eventId()));
    }

    /**
     * The stream's version and the position of its last event, for a command that wrote nothing. In a transaction (its
     * caller's, or one of its own), as the next read: a transaction on the command path is what gets the bound on a wait
     * for PostgreSQL ({@link CommandNetworkTimeout}).
     */
    private long[] current(String aggregateType, String aggregateId) {
        return transactions.execute(status -> jdbc.query("SELECT max(sequence_number), max(global_index) FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ? AND type = ?",
                rows -> {
                    rows.next();
                    long version = rows.getLong(1);
                    return rows.wasNull() ? new long[] {-1, 0} : new long[] {version, rows.getLong(2)};
                }, aggregateId, aggregateType));
    }

    /** The global index the store gave an event this command wrote (visible: same transaction, or committed). */
    private long positionOf(String eventId) {
        Long position = transactions.execute(status -> jdbc.queryForObject(
                "SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class, eventId));
        return position == null ? 0 : position;
    }

    private Answer toAnswer(RuntimeException failure) {
        ProblemDetail problem = problems.toProblem(failure);
        return new Answer(problem.getStatus(), null, write(problem), false);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an answer", e);
        }
    }

    private String hash(String command, JsonNode body) {
        try {
            String canonical = command + "\n" + canonicalJson.writeValueAsString(canonicalJson.treeToValue(body, Object.class));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash a request", e);
        }
    }

}
