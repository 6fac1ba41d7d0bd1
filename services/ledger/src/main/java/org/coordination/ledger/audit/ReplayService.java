package org.coordination.ledger.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventHistory;
import org.coordination.ledger.readmodel.ReadModels;
import org.coordination.ledger.readmodel.ReadSideConsumer;
import org.coordination.ledger.readmodel.View;
import org.coordination.ledger.readmodel.ViewKey;
import org.coordination.ledger.problem.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds read models from the first event, aside, while the service keeps answering from the live
 * tables; then switches. The bulk of the work runs beside the live processor; for the switch the
 * processor pauses, the rebuild catches up to exactly the events its token covers, the rebuilt rows
 * replace the live ones in one transaction, and the processor resumes from its own token.
 */
@Service
public class ReplayService implements DisposableBean {

    static final String PROCESSOR = "read-models";
    static final int BATCH = 2000;
    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

    /** A replay's progress, as the API shows it. */
    public record Progress(String replayId, List<String> projections, String state, long eventsDone, long eventsTotal,
                           long eventsPerSecond, Long secondsLeft, Instant startedAt, Instant finishedAt, String error) {
    }

    private final EventHistory history;
    private final ReadModels readModels;
    private final List<ReadSideConsumer> consumers;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventProcessingConfiguration processing;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "ledger-replay"));
    private final Map<String, AtomicReference<Progress>> replays = new ConcurrentHashMap<>();
    private final AtomicReference<String> running = new AtomicReference<>();

    public ReplayService(EventHistory history, ReadModels readModels, List<ReadSideConsumer> consumers, JdbcTemplate jdbc,
                         TransactionTemplate transactions, EventProcessingConfiguration processing, ObjectMapper json, Clock clock) {
        this.history = history;
        this.readModels = readModels;
        this.consumers = List.copyOf(consumers);
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.processing = processing;
        this.json = json;
        this.clock = clock;
    }

    /** What can be rebuilt: every document kind, then every other read-side table (timeline, alerts). */
    public List<String> projections() {
        List<String> all = new ArrayList<>(readModels.models().stream().sorted().toList());
        consumers.forEach(consumer -> all.add(consumer.name()));
        return all;
    }

    public Progress start(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw ApiProblem.invalidField("projections", "name the read models to rebuild, or [\"all\"]; known: " + projections());
        }
        Set<String> chosen = new HashSet<>();
        for (String name : requested) {
            if ("all".equals(name)) {
                chosen.addAll(projections());
            } else if (projections().contains(name)) {
                chosen.add(name);
            } else {
                throw ApiProblem.invalidField("projections", "unknown read model '" + name + "'; known: " + projections() + " or all");
            }
        }
        String id = UUID.randomUUID().toString();
        if (!running.compareAndSet(null, id)) {
            throw ApiProblem.conflict("replay-running", "A replay is running", "Replay " + running.get() + " is still running");
        }
        List<String> names = projections().stream().filter(chosen::contains).toList();
        AtomicReference<Progress> progress = new AtomicReference<>(
                new Progress(id, names, "RUNNING", 0, 0, 0, null, clock.instant(), null, null));
        replays.put(id, progress);
        executor.submit(() -> run(id, Set.copyOf(names), progress));
        return progress.get();
    }

    public Optional<Progress> progress(String id) {
        return Optional.ofNullable(replays.get(id)).map(AtomicReference::get);
    }

    public List<Progress> all() {
        return replays.values().stream().map(AtomicReference::get).toList();
    }

    /** The documents being rebuilt, in memory: a view per key, its scope and the last event folded in. */
    private static final class Documents implements ReadModels.DocumentSink {
        record Entry(View view, String scopeId) {
        }

        final Map<ViewKey, Entry> entries = new LinkedHashMap<>();

        @Override
        public <D extends View> Optional<D> load(ViewKey key, Class<D> type) {
            return Optional.ofNullable(entries.get(key)).map(Entry::view).map(type::cast);
        }

        @Override
        public void save(ViewKey key, String scopeId, View view) {
            entries.put(key, new Entry(view, scopeId));
        }
    }

    private void run(String id, Set<String> chosen, AtomicReference<Progress> progress) {
        Instant started = clock.instant();
        EventProcessor processor = processing.eventProcessor(PROCESSOR).orElseThrow();
        boolean paused = false;
        try {
            prepareShadowTables(chosen);
            Set<String> models = new HashSet<>(chosen);
            models.retainAll(readModels.models());
            Documents documents = new Documents();
            BitSet done = new BitSet();
            long total = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
            long[] counters = {0, -1}; // events done, cursor
            Instant[] lastLog = {started};

            // 1. the bulk, beside the live processor
            List<EventEnvelope> batch;
            while (!(batch = history.batch(counters[1], Long.MAX_VALUE, BATCH)).isEmpty()) {
                fold(batch, chosen, models, documents, done, counters);
                report(id, chosen, progress, started, counters[0], Math.max(total, counters[0]), lastLog);
            }

            // 2. pause the live processor; fold exactly what its token covers, then switch
            progress.set(withState(progress.get(), "SWITCHING"));
            processor.shutDown();
            paused = true;
            Token token = liveToken();
            while (!(batch = history.batch(counters[1], token.index(), BATCH)).isEmpty()) {
                fold(batch.stream().filter(e -> !token.gaps().contains(e.globalIndex())).toList(), chosen, models, documents, done, counters);
            }
            List<Long> late = jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE global_index <= ? ORDER BY global_index",
                    Long.class, token.index()).stream()
                    .filter(index -> !done.get(Math.toIntExact(index)) && !token.gaps().contains(index)).toList();
            fold(history.at(late), chosen, models, documents, done, counters);
            switchOver(chosen, models, documents);
            processor.start();
            paused = false;
            Instant finished = clock.instant();
            long rate = rate(counters[0], started, finished);
            progress.set(new Progress(id, List.copyOf(progress.get().projections()), "COMPLETED", counters[0], counters[0], rate, 0L,
                    started, finished, null));
            log.info("Replay {} completed: {} events into {} in {} ms ({} events/s)", id, counters[0], chosen,
                    Duration.between(started, finished).toMillis(), rate);
        } catch (Exception e) {
            log.error("Replay {} failed; the live read models are untouched", id, e);
            Progress last = progress.get();
            progress.set(new Progress(id, last.projections(), "FAILED", last.eventsDone(), last.eventsTotal(), last.eventsPerSecond(), null,
                    started, clock.instant(), e.toString()));
            if (paused) {
                processor.start();
            }
        } finally {
            dropShadowTables();
            running.set(null);
        }
    }

    private void fold(List<EventEnvelope> batch, Set<String> chosen, Set<String> models, Documents documents, BitSet done,
                      long[] counters) {
        Map<String, List<Object[]>> later = new LinkedHashMap<>();
        List<ReadSideConsumer> rebuilt = consumers.stream().filter(consumer -> chosen.contains(consumer.name())).toList();
        Map<ReadSideConsumer, ReadSideConsumer.Writes> writes = new LinkedHashMap<>();
        rebuilt.forEach(consumer -> writes.put(consumer, shadowWrites(consumer, later)));
        for (EventEnvelope envelope : batch) {
            if (done.get(Math.toIntExact(envelope.globalIndex()))) {
                continue;
            }
            readModels.project(envelope, documents, models);
            for (ReadSideConsumer consumer : rebuilt) {
                consumer.handle(envelope, writes.get(consumer));
            }
            done.set(Math.toIntExact(envelope.globalIndex()));
            counters[0]++;
            counters[1] = Math.max(counters[1], envelope.globalIndex());
        }
        later.forEach(jdbc::batchUpdate);
    }

    /** A consumer's writes into its rebuild table; buffered statements run when the batch ends. */
    private ReadSideConsumer.Writes shadowWrites(ReadSideConsumer consumer, Map<String, List<Object[]>> later) {
        return new ReadSideConsumer.Writes() {
            @Override
            public String table() {
                return shadow(consumer);
            }

            @Override
            public void later(String sql, Object[] arguments) {
                later.computeIfAbsent(sql, s -> new ArrayList<>()).add(arguments);
            }

            @Override
            public void now(String sql, Object... arguments) {
                jdbc.update(sql, arguments);
            }
        };
    }

    private static String shadow(ReadSideConsumer consumer) {
        return consumer.table() + "_rebuild";
    }

    private void switchOver(Set<String> chosen, Set<String> models, Documents documents) {
        transactions.executeWithoutResult(status -> {
            if (!models.isEmpty()) {
                jdbc.update("DELETE FROM read_model WHERE model = ANY (?)", (Object) models.toArray(String[]::new));
                List<Object[]> rows = new ArrayList<>();
                for (Map.Entry<ViewKey, Documents.Entry> entry : documents.entries.entrySet()) {
                    rows.add(new Object[] {entry.getKey().model(), entry.getKey().id(), entry.getValue().scopeId(),
                            write(entry.getValue().view())});
                }
                jdbc.batchUpdate("INSERT INTO read_model (model, id, scope_id, document) VALUES (?, ?, ?, ?::jsonb)", rows);
            }
            for (ReadSideConsumer consumer : consumers) {
                if (chosen.contains(consumer.name())) {
                    jdbc.update("DELETE FROM " + consumer.table());
                    jdbc.update("INSERT INTO " + consumer.table() + " SELECT * FROM " + shadow(consumer));
                }
            }
        });
    }

    /** The live processor's position: its token's index and the gaps below it (events not yet committed when it passed). */
    record Token(long index, Set<Long> gaps) {
    }

    private Token liveToken() throws java.io.IOException {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ? AND segment = 0", byte[].class, PROCESSOR);
        if (tokens.isEmpty() || tokens.get(0) == null) {
            return new Token(-1, Set.of());
        }
        JsonNode token = json.readTree(tokens.get(0));
        Set<Long> gaps = new HashSet<>();
        token.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
        return new Token(token.path("index").asLong(-1), gaps);
    }

    private void prepareShadowTables(Set<String> chosen) {
        dropShadowTables();
        for (ReadSideConsumer consumer : consumers) {
            if (chosen.contains(consumer.name())) {
                jdbc.execute("CREATE UNLOGGED TABLE " + shadow(consumer) + " (LIKE " + consumer.table()
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
                jdbc.execute("ALTER TABLE " + shadow(consumer) + " ADD PRIMARY KEY (" + consumer.primaryKey() + ")");
            }
        }
    }

    private void dropShadowTables() {
        for (ReadSideConsumer consumer : consumers) {
            jdbc.execute("DROP TABLE IF EXISTS " + shadow(consumer));
        }
    }

    private void report(String id, Set<String> chosen, AtomicReference<Progress> progress, Instant started, long done, long total,
                        Instant[] lastLog) {
        Instant now = clock.instant();
        long rate = rate(done, started, now);
        Long left = rate == 0 ? null : Math.max(0, (total - done) / rate);
        progress.set(new Progress(id, progress.get().projections(), "RUNNING", done, total, rate, left, started, null, null));
        if (Duration.between(lastLog[0], now).toSeconds() >= 5) {
            log.info("Replay {} of {}: {} / {} events, {} events/s, about {} s left", id, chosen, done, total, rate, left);
            lastLog[0] = now;
        }
    }

    private static long rate(long done, Instant from, Instant to) {
        long millis = Math.max(1, Duration.between(from, to).toMillis());
        return done * 1000 / millis;
    }

    private static Progress withState(Progress p, String state) {
        return new Progress(p.replayId(), p.projections(), state, p.eventsDone(), p.eventsTotal(), p.eventsPerSecond(), p.secondsLeft(),
                p.startedAt(), p.finishedAt(), p.error());
    }

    private String write(View view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
