package org.coordination.ledger.commandbus;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.coordination.ledger.rules.RuleViolation;
import org.coordination.ledger.provenance.Provenance;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.coordination.ledger.web.CommandCatalog;
import org.coordination.ledger.web.CommandRequestReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The group commit on the real store: members of a group commit in one transaction and are answered with
 * their own events and positions, none before that transaction has committed; a member refused by a rule is answered with its refusal while the others
 * commit; a member's cached aggregate is checked against its stream's head as the group read it; a later member decides on what an earlier one wrote; a member failing in the database sends the
 * whole group back to be handled alone, with nothing of it stored; a member whose aggregate another thread holds is
 * sent back to be handled alone without the writer waiting for it; and commands sent at once from many
 * clients are all stored once, in order, with the positions they were answered with. The members are answered
 * before the processors are told of the group's events, and stay answered if telling them fails. The command path's
 * transactions wait for PostgreSQL at most their network timeout, and the ledger's sessions ask PostgreSQL to probe
 * their connections (FaultInjectionIT cuts the network under load).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GroupCommitIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    GroupCommit groupCommit;
    @Autowired
    AggregateLocks locks;
    @Autowired
    CommandRequestReader reader;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.axonframework.eventsourcing.eventstore.EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    CommandBus commandBus;
    @Autowired
    EventBus eventBus;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    DataSource dataSource;
    LedgerClient ledger;

    @BeforeEach
    void client() {
        ledger = new LedgerClient(port);
    }

    @Test
    void theMembersOfAGroupCommitInOneTransactionEachAnsweredWithItsOwnEvents() {
        List<String> structures = List.of("group-a", "group-b", "group-c", "group-d");
        structures.forEach(this::establish);
        List<GroupCommit.Member> group = structures.stream().map(id -> member("attach-staff", attachStaff(id, 3))).toList();

        groupCommit.commit(group);

        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            GroupCommit.Written written = answer(group.get(i)).orElseThrow();
            assertThat(written.events()).hasSize(1);
            CommandOutcome.RecordedEvent event = written.events().get(0);
            assertThat(event.aggregateId()).isEqualTo("CommandStructure:" + structures.get(i));
            assertThat(event.type()).isEqualTo("StaffAttached");
            assertThat(event.sequence()).isEqualTo(1);
            assertThat(written.lastPosition()).isEqualTo(
                    jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class, event.eventId()));
            eventIds.add(event.eventId());
        }
        // one transaction wrote the four events: the same xmin on every row
        assertThat(eventStore).as("the store that wakes the processors once per group").isInstanceOf(GroupAwareEventStore.class);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM domain_event_entry WHERE event_identifier = ANY (?)",
                Integer.class, (Object) eventIds.toArray(String[]::new))).isEqualTo(1);
        // and one statement, after the last member: the rows carry the same command id within that transaction (the
        // driver sends a batch as multi-row inserts of 1, 2, 4, … rows: four members' events are one)
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT cmin::text) FROM domain_event_entry WHERE event_identifier = ANY (?)",
                Integer.class, (Object) eventIds.toArray(String[]::new))).isEqualTo(1);
    }

    @Test
    void noMemberIsAnsweredBeforeTheGroupHasCommitted() throws Exception {
        establish("waiting-a");
        establish("waiting-b");
        // another transaction holds the lookup row the second member will write: that insert waits for it
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            other.createStatement().execute("INSERT INTO lookup_post (structure_id, post_id) VALUES ('waiting-b', 'held')");
            List<GroupCommit.Member> group = List.of(member("attach-staff", attachStaff("waiting-a", 2)),
                    member("establish-post", post("waiting-b", "held")));
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> committing = writer.submit(() -> groupCommit.commit(group));

            await().atMost(10, SECONDS).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO lookup_post%'", Integer.class) > 0);
            // the first member is handled and its event appended, in a transaction not yet committed
            assertThat(group.get(0).answer).as("not answered before the commit").isNotDone();
            assertThat(sequences("waiting-a")).containsExactly(0L);

            other.rollback();
            committing.get(10, SECONDS);
            writer.shutdown();
            assertThat(answer(group.get(0))).isPresent();
            assertThat(answer(group.get(1))).isPresent();
            assertThat(sequences("waiting-a")).containsExactly(0L, 1L);
            assertThat(sequences("waiting-b")).containsExactly(0L, 1L);
        }
    }

    @Test
    void theMembersAreAnsweredBeforeTheProcessorsAreToldAndStayAcknowledgedIfTellingThemFails() {
        establish("told-a");
        GroupCommit.Member member = member("attach-staff", attachStaff("told-a", 2));
        List<Boolean> answeredWhenTold = new ArrayList<>();
        // the processors' side of the event bus: records whether the caller had its answer, then fails
        EventBus processors = (EventBus) Proxy.newProxyInstance(EventBus.class.getClassLoader(), new Class<?>[] {EventBus.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("publish")) {
                        answeredWhenTold.add(member.answer.isDone());
                        throw new IllegalStateException("the processors cannot be told");
                    }
                    try {
                        return method.invoke(eventBus, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        GroupCommit told = new GroupCommit(commandBus, processors, storageEngine, jdbc, transactionManager, 1, 64, new SimpleMeterRegistry());
        try {
            told.commit(List.of(member));
        } finally {
            told.close();
        }

        assertThat(answeredWhenTold).containsExactly(true);
        GroupCommit.Written written = answer(member).orElseThrow();
        assertThat(written.events()).hasSize(1);
        assertThat(sequences("told-a")).containsExactly(0L, 1L);
    }

    @Test
    void aMemberRefusedByARuleGetsItsRefusalAndTheOthersCommit() {
        establish("refusal-a");
        establish("refusal-c");
        List<GroupCommit.Member> group = List.of(
                member("attach-staff", attachStaff("refusal-a", 2)),
                member("attach-staff", attachStaff("refusal-nowhere", 2)),
                member("attach-staff", attachStaff("refusal-c", 2)));

        groupCommit.commit(group);

        assertThat(answer(group.get(0))).isPresent();
        assertThat(answer(group.get(2))).isPresent();
        assertThat(failure(group.get(1))).isInstanceOf(AggregateNotFoundException.class);
        assertThat(sequences("refusal-a")).containsExactly(0L, 1L);
        assertThat(sequences("refusal-c")).containsExactly(0L, 1L);
        assertThat(sequences("refusal-nowhere")).isEmpty();
    }

    @Test
    void aMemberWhoseAggregateAnotherInstanceMovedOnIsDecidedOnTheStoredState() {
        establish("elsewhere");
        assertThat(ledger.command("coordinator", "attach-staff", attachStaff("elsewhere", 4)).status()).isEqualTo(200); // cached at 1
        // another instance appends sequence 2 through the store; the group reads the stream's head at its start
        Map<String, Object> metaData = Map.of(Provenance.PRINCIPAL, "coordinator", Provenance.ROLE, "COORDINATOR",
                Provenance.RECORDED_AT, "2026-12-02T00:00:00Z", Provenance.EFFECTIVE_AT, "2026-12-02T00:00:00Z");
        transactions.executeWithoutResult(status -> eventStore.publish(new GenericDomainEventMessage<>("CommandStructure", "elsewhere", 2,
                new StaffAttached(new StructureId("elsewhere"), new Nation("FRA"), 3, "Liaison", 3), MetaData.from(metaData))));
        List<GroupCommit.Member> group = List.of(member("attach-staff", attachStaff("other-stream", 1)),
                member("detach-staff", "{\"structureId\":\"elsewhere\",\"nation\":\"FRA\",\"personnel\":3}"));

        groupCommit.commit(group);

        // had the cached aggregate (no French staff) decided, the detachment would have been refused
        assertThat(answer(group.get(1)).orElseThrow().events().get(0).sequence()).isEqualTo(3);
        assertThat(sequences("elsewhere")).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void aMemberCreatingAStreamDecidesFromTheGroupsHeadsWithoutReadingTheStore() throws Exception {
        establish("planted-source");
        // an event of stream "planted" stored without its head (the chain's trigger off for this one session; no writer
        // of the ledger stores one so): a load that read the store would find the structure established
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL session_replication_role = replica"); // until this transaction ends: the pool reuses the connection
            statement.executeUpdate("""
                    INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, time_stamp, payload_type,
                                                    payload_revision, payload, meta_data, previous_hash, hash)
                    SELECT 'planted-event', type, 'planted', sequence_number, time_stamp, payload_type, payload_revision, payload, meta_data,
                           previous_hash, hash
                      FROM domain_event_entry WHERE aggregate_identifier = 'planted-source' AND type = 'CommandStructure'
                    """);
            connection.commit();
            connection.setAutoCommit(true);
        }
        List<GroupCommit.Member> group = List.of(member("attach-staff", attachStaff("planted-source", 2)),
                member("establish-command-structure", structure("planted")));

        groupCommit.commit(group);

        // the group's heads showed no event of "planted": the member decided on a new structure without a read, and its
        // append found sequence 0 taken, so the group is sent back to be handled alone with nothing stored
        group.forEach(member -> assertThat(answer(member)).as("handled alone by its caller").isEmpty());
        assertThat(sequences("planted-source")).containsExactly(0L);
        assertThat(sequences("planted")).containsExactly(0L);
        // alone, the member's load reads the store, as any load outside a group does
        Answer alone = ledger.command("coordinator", "establish-command-structure", structure("planted"));
        assertThat(alone.status()).isEqualTo(422);
        assertThat(alone.body()).contains("COMMAND_STRUCTURE_ALREADY_ESTABLISHED");
    }

    @Test
    void aLaterMemberDecidesOnWhatAnEarlierOneWrote() {
        // an instrument may be cited once in the whole ledger: the second mandate sees the first's citation,
        // written in the same transaction, as it would see a committed one
        List<GroupCommit.Member> group = List.of(
                member("authorize-mandate", mandate("group-mandate-1", "S/RES/9001 (2026)")),
                member("authorize-mandate", mandate("group-mandate-2", "S/RES/9001 (2026)")));

        groupCommit.commit(group);

        assertThat(answer(group.get(0))).isPresent();
        assertThat(failure(group.get(1))).isInstanceOfSatisfying(RuleViolation.class,
                refusal -> assertThat(refusal.rule()).isEqualTo("INSTRUMENT_ALREADY_CITED"));
        assertThat(jdbc.queryForList("SELECT mandate_id FROM lookup_instrument WHERE symbol = 'S/RES/9001 (2026)'", String.class))
                .containsExactly("group-mandate-1");
    }

    @Test
    void aMemberFailingInTheDatabaseSendsTheGroupBackToBeHandledAloneWithNothingStored() {
        establish("spoiled-a");
        establish("spoiled-b");
        establish("spoiled-c");
        // a lookup row the aggregate does not know of (as if another writer's): the member's own lookup insert
        // fails in the database, after its event was appended in the group's transaction
        jdbc.update("INSERT INTO lookup_post (structure_id, post_id) VALUES ('spoiled-b', 'planted')");
        List<GroupCommit.Member> group = List.of(
                member("attach-staff", attachStaff("spoiled-a", 2)),
                member("establish-post", post("spoiled-b", "planted")),
                member("attach-staff", attachStaff("spoiled-c", 2)));

        groupCommit.commit(group);

        group.forEach(member -> assertThat(answer(member)).as("handled alone by its caller").isEmpty());
        assertThat(sequences("spoiled-a")).containsExactly(0L);
        assertThat(sequences("spoiled-b")).containsExactly(0L);
        assertThat(sequences("spoiled-c")).containsExactly(0L);
        // handled alone (here over HTTP, as the command service does), the others go through
        assertThat(ledger.command("coordinator", "attach-staff", attachStaff("spoiled-a", 2)).status()).isEqualTo(200);
        assertThat(sequences("spoiled-a")).containsExactly(0L, 1L);
    }

    /**
     * A row written just before the COMMIT (a post filled, kept until then) fails: the group rolled back, which is known,
     * so each member is handled alone, not answered with the failure as if the COMMIT itself had failed (an unknown
     * outcome, 503).
     */
    @Test
    void aRowWrittenJustBeforeTheCommitFailingSendsTheGroupBackToBeHandledAlone() {
        establish("precommit-a");
        establish("precommit-b");
        assertThat(ledger.command("coordinator", "establish-post", post("precommit-b", "military-lead")).status()).isEqualTo(200);
        jdbc.execute("CREATE FUNCTION refuse_filled() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'refused by the test'; END $$");
        jdbc.execute("CREATE TRIGGER refuse_filled BEFORE UPDATE ON lookup_post FOR EACH ROW WHEN (NEW.structure_id = 'precommit-b') "
                + "EXECUTE FUNCTION refuse_filled()");
        try {
            List<GroupCommit.Member> group = List.of(
                    member("attach-staff", attachStaff("precommit-a", 2)),
                    member("appoint-lead", "{\"structureId\":\"precommit-b\",\"postId\":\"military-lead\",\"appointedBy\":\"Secretary of War\","
                            + "\"appointee\":{\"name\":\"Brad Cooper\",\"titleOrRank\":\"Admiral\",\"nationality\":\"USA\",\"service\":\"MILITARY\"}}"));

            groupCommit.commit(group);

            group.forEach(member -> assertThat(answer(member)).as("handled alone by its caller").isEmpty());
            assertThat(sequences("precommit-a")).containsExactly(0L);
            assertThat(sequences("precommit-b")).containsExactly(0L, 1L);
        } finally {
            jdbc.execute("DROP TRIGGER refuse_filled ON lookup_post");
            jdbc.execute("DROP FUNCTION refuse_filled()");
        }
    }

    @Test
    void eventsHeldUntilTheGroupsEndThatCannotBeStoredSendTheGroupBackToBeHandledAloneWithNothingStored() {
        establish("held-a");
        establish("held-b");
        // two members on one stream (the writer never forms such a group): each decides from sequence 0 and appends
        // sequence 1, which only the group's one batch of events, after the last member, can find taken
        List<GroupCommit.Member> group = List.of(
                member("attach-staff", attachStaff("held-a", 2)),
                member("attach-staff", attachStaff("held-b", 2)),
                member("attach-staff", attachStaff("held-b", 3)));

        groupCommit.commit(group);

        group.forEach(member -> assertThat(answer(member)).as("handled alone by its caller").isEmpty());
        assertThat(sequences("held-a")).containsExactly(0L);
        assertThat(sequences("held-b")).containsExactly(0L);
        assertThat(ledger.command("coordinator", "attach-staff", attachStaff("held-b", 2)).status()).isEqualTo(200);
        assertThat(sequences("held-b")).containsExactly(0L, 1L);
    }

    @Test
    void aMemberWhoseAggregateAnotherThreadIsHandlingIsNotWaitedForButSentBackToBeHandledAlone() throws Exception {
        establish("busy-a");
        establish("busy-b");
        // a command handled alone on another thread (an Idempotency-Key's) holds busy-a's lock
        ExecutorService other = Executors.newSingleThreadExecutor();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        other.submit(() -> {
            org.axonframework.common.lock.Lock lock = locks.obtainLock("CommandStructure:busy-a");
            held.countDown();
            done.await();
            lock.release();
            return null;
        });
        held.await();
        List<GroupCommit.Member> group = List.of(member("attach-staff", attachStaff("busy-a", 2)),
                member("attach-staff", attachStaff("busy-b", 2)));

        long started = System.nanoTime();
        groupCommit.commit(group);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the writer did not wait for the lock").isLessThan(Duration.ofSeconds(10));
        assertThat(answer(group.get(0))).as("handled alone by its caller").isEmpty();
        assertThat(answer(group.get(1))).as("the other member committed").isPresent();
        assertThat(sequences("busy-a")).containsExactly(0L);
        assertThat(sequences("busy-b")).containsExactly(0L, 1L);
        done.countDown();
        other.shutdown();
        // handled alone once the other command is done, as the command service does
        assertThat(ledger.command("coordinator", "attach-staff", attachStaff("busy-a", 2)).status()).isEqualTo(200);
        assertThat(sequences("busy-a")).containsExactly(0L, 1L);
    }

    @Test
    void commandsSentAtOnceAreAllStoredOnceInOrderWithThePositionsTheyWereAnsweredWith() throws Exception {
        List<String> structures = List.of("burst-1", "burst-2", "burst-3", "burst-4");
        structures.forEach(this::establish);
        int clients = 16;
        int perClient = 10;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Answer>>> sent = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String structure = structures.get(c % structures.size());
            sent.add(pool.submit(() -> {
                List<Answer> answers = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    answers.add(ledger.command("coordinator", "attach-staff", attachStaff(structure, 1)));
                }
                return answers;
            }));
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<List<Answer>> client : sent) {
            answers.addAll(client.get());
        }
        pool.shutdown();

        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            String eventId = answer.json().get("events").get(0).get("eventId").asText();
            assertThat(answer.json().get("position").asLong()).as(answer.toString()).isEqualTo(
                    jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class, eventId));
        }
        for (String structure : structures) {
            List<Long> sequences = sequences(structure);
            assertThat(sequences).hasSize(1 + clients / structures.size() * perClient);
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).isEqualTo(i);
            }
        }
    }

    private GroupCommit.Member member(String command, String body) {
        CommandCatalog.Entry entry = CommandCatalog.find(command).orElseThrow();
        CommandRequestReader.CommandRequest request = reader.read(reader.parse(body.getBytes(StandardCharsets.UTF_8)), entry.type());
        String role = command.equals("authorize-mandate") ? "REGISTRAR" : "COORDINATOR";
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(request.command())
                .andMetaData(Map.of(Provenance.PRINCIPAL, role.toLowerCase(), Provenance.ROLE, role));
        return new GroupCommit.Member(message, request.command().aggregateType() + ":" + request.command().aggregateId());
    }

    private static Optional<GroupCommit.Written> answer(GroupCommit.Member member) {
        assertThat(member.answer).as("answered once the group is done").isDone();
        return member.answer.join();
    }

    private static Throwable failure(GroupCommit.Member member) {
        assertThat(member.answer).isCompletedExceptionally();
        return member.answer.handle((ok, failure) -> failure).join();
    }

    private void establish(String structureId) {
        Answer answer = ledger.command("coordinator", "establish-command-structure", structure(structureId));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private static String structure(String structureId) {
        return "{\"structureId\":\"" + structureId + "\",\"name\":\"Center " + structureId
                + "\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}";
    }

    private static String post(String structureId, String postId) {
        return "{\"structureId\":\"" + structureId + "\",\"postId\":\"" + postId
                + "\",\"title\":\"Military lead\",\"line\":\"MILITARY\",\"appointingAuthority\":\"Secretary of War\",\"eligibility\":\"MILITARY_ONLY\"}";
    }

    private static String attachStaff(String structureId, int personnel) {
        return "{\"structureId\":\"" + structureId + "\",\"nation\":\"USA\",\"personnel\":" + personnel + ",\"role\":\"Center staff\"}";
    }

    private static String mandate(String mandateId, String symbol) {
        return """
                {"mandateId": "%s", "instrument": {"issuingBody": "UN_SECURITY_COUNCIL", "symbol": "%s", "adoptedOn": "2026-01-10",
                 "vote": {"inFavour": 13, "against": 0, "abstentions": 2}}, "charterBasis": "NOT_STATED",
                 "authorizedEntities": ["International Stabilization Force"], "tasks": ["Protect civilians"],
                 "useOfForce": "ALL_NECESSARY_MEASURES", "troopCeiling": 20000, "effectiveFrom": "2026-01-10", "expiresOn": "2027-12-31"}
                """.formatted(mandateId, symbol);
    }

    /**
     * The command path's transactions wait for PostgreSQL at most the network timeout (10 s by default); other work (a
     * rebuild, an audit read) as long as it takes; and a connection returned to the pool has no timeout again. The pool
     * hands a thread the connection it returned last, so the unbounded transaction right after a bounded one is mostly
     * on the same connection.
     */
    @Test
    void aTransactionOnTheCommandPathIsBoundedAndItsConnectionIsReturnedWithoutTheBound() {
        int sameConnection = 0;
        for (int i = 0; i < 20; i++) {
            long[] bounded = CommandNetworkTimeout.during(() -> transactions.execute(status -> backendAndNetworkTimeout()));
            long[] unbounded = transactions.execute(status -> backendAndNetworkTimeout());
            assertThat(bounded[1]).isEqualTo(10_000);
            assertThat(unbounded[1]).isZero();
            sameConnection += bounded[0] == unbounded[0] ? 1 : 0;
        }
        assertThat(sameConnection).as("a connection bounded before was handed out again, without the bound").isPositive();
        // a transaction joined, not begun, on the command path keeps what its beginning gave it
        Integer joined = transactions.execute(status -> CommandNetworkTimeout.during(() -> transactions.execute(inner -> networkTimeout())));
        assertThat(joined).isZero();
    }

    /**
     * PostgreSQL probes a quiet connection of the ledger's after 30 s, every 10 s, 3 times, and gives up one whose data
     * has gone unacknowledged for a minute: a vanished service's session ends.
     */
    @Test
    void postgresProbesTheLedgersConnectionsSoThatTheSessionOfAVanishedServiceEnds() {
        assertThat(jdbc.queryForObject("SHOW tcp_keepalives_idle", String.class)).isEqualTo("30");
        assertThat(jdbc.queryForObject("SHOW tcp_keepalives_interval", String.class)).isEqualTo("10");
        assertThat(jdbc.queryForObject("SHOW tcp_keepalives_count", String.class)).isEqualTo("3");
        assertThat(jdbc.queryForObject("SHOW tcp_user_timeout", String.class)).isEqualTo("60000");
    }

    private Integer networkTimeout() {
        return jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Integer>) Connection::getNetworkTimeout);
    }

    /** The PostgreSQL backend of the transaction's connection (which connection it is), and the connection's network timeout. */
    private long[] backendAndNetworkTimeout() {
        return new long[] {jdbc.queryForObject("SELECT pg_backend_pid()", Long.class), networkTimeout()};
    }

    private List<Long> sequences(String aggregateId) {
        return jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? AND type = 'CommandStructure' "
                + "ORDER BY sequence_number", Long.class, aggregateId);
    }
}
