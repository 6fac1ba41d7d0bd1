package org.coordination.ledger.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One poll's records applied together (real PostgreSQL; the listener handed the poll directly, as the container
 * hands it): the event ids recorded in one statement and the streams' positions advanced in one, in the records'
 * order. A copy of an event within the poll or from an earlier one changes nothing; a stream's events counted in
 * order with their gaps; a new stream started at its first sequence; a position kept before streams had kinds taken
 * over by the first event of its id that does not start a stream.
 */
@SpringBootTest
class PollBatchIT {

    static final EmbeddedKafkaKraftBroker BROKER = InProcessSubscriber.broker(1);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        InProcessSubscriber.register(registry, BROKER, "poll-subscriber-pg");
    }

    @AfterAll
    static void stop() {
        BROKER.destroy();
    }

    @Autowired
    LedgerEventListener listener;
    @Autowired
    JdbcTemplate jdbc;

    long offset;

    @Test
    void aPollsRecordsAreAppliedOnceEachInOrderWithTheirStreamsPositions() {
        jdbc.update("INSERT INTO stream_position (aggregate_type, aggregate_id, last_sequence, applied, gaps) VALUES ('Contribution', 'known', 4, 5, 0)");
        jdbc.update("INSERT INTO stream_position (aggregate_type, aggregate_id, last_sequence, applied, gaps) VALUES ('', 'elder', 4, 5, 0)");
        String pledged = pledge("poll-pledge");
        List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>();
        poll.add(record(pledged, "Contribution", "poll-pledge", 0, "ContributionPledged", "2", pledgePayload("poll-pledge")));
        poll.add(record(pledged, "Contribution", "poll-pledge", 0, "ContributionPledged", "2", pledgePayload("poll-pledge"))); // a copy on the wire
        poll.add(record(id(), "Contribution", "poll-pledge", 1, "ContributionCommitted", "1", committed("poll-pledge", 500)));
        poll.add(record(id(), "Contribution", "poll-pledge", 3, "ContributionCommitted", "1", committed("poll-pledge", 600))); // 2 missing
        poll.add(record(id(), "Contribution", "known", 5, "RulesOfEngagementAcknowledged", "1", acknowledged("known")));
        poll.add(record(id(), "Contribution", "known", 6, "RulesOfEngagementAcknowledged", "1", acknowledged("known")));
        poll.add(record(id(), "Force", "elder", 0, "ForceEstablished", "1", force("elder"))); // a new stream on that id
        poll.add(record(id(), "CommandStructure", "elder", 5, "StaffAttached", "1", staff("elder"))); // the kept position's stream

        listener.on(poll);

        assertThat(position("Contribution", "poll-pledge")).isEqualTo(Map.of("last_sequence", 3L, "applied", 3L, "gaps", 1L));
        assertThat(position("Contribution", "known")).isEqualTo(Map.of("last_sequence", 6L, "applied", 7L, "gaps", 0L));
        assertThat(position("Force", "elder")).isEqualTo(Map.of("last_sequence", 0L, "applied", 1L, "gaps", 0L));
        assertThat(position("CommandStructure", "elder")).isEqualTo(Map.of("last_sequence", 5L, "applied", 6L, "gaps", 0L));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stream_position WHERE aggregate_type = ''", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_event WHERE event_id = ?", Long.class, pledged)).isEqualTo(1L);
        // the view in the records' order: pledged, then committed 500, then 600
        assertThat(jdbc.queryForMap("SELECT offered_personnel, committed_personnel FROM board_pledge WHERE contribution_id = 'poll-pledge'"))
                .isEqualTo(Map.of("offered_personnel", 700, "committed_personnel", 600));

        // the same event again in a later poll (a redelivery): nothing changes
        listener.on(List.of(record(pledged, "Contribution", "poll-pledge", 0, "ContributionPledged", "2", pledgePayload("poll-pledge"))));

        assertThat(position("Contribution", "poll-pledge")).isEqualTo(Map.of("last_sequence", 3L, "applied", 3L, "gaps", 1L));
    }

    /**
     * The board's rows are read and written once for a poll (PledgeBoard): a pledge's whole life in one poll leaves the row
     * that the same events leave one poll each, and the state and personnel each step should leave.
     */
    @Test
    void aPledgesEventsInOnePollLeaveTheRowTheyLeaveOnePollEach() {
        List<ConsumerRecord<String, byte[]>> onePoll = new ArrayList<>();
        for (String pledge : List.of("together-deployed", "together-withdrawn")) {
            onePoll.addAll(life(pledge, pledge.endsWith("withdrawn")));
        }
        onePoll.add(record(id(), "Contribution", "never-pledged", 0, "ContributionCommitted", "1", committed("never-pledged", 10)));
        listener.on(onePoll);
        for (String pledge : List.of("apart-deployed", "apart-withdrawn")) {
            for (ConsumerRecord<String, byte[]> record : life(pledge, pledge.endsWith("withdrawn"))) {
                listener.on(List.of(record));
            }
        }

        assertThat(board("together-deployed")).isEqualTo(board("apart-deployed"))
                .isEqualTo(Map.of("state", "DEPLOYED", "offered_personnel", 700, "committed_personnel", 600, "deployed_personnel", 600,
                        "roe_acknowledged", 2));
        assertThat(board("together-withdrawn")).isEqualTo(board("apart-withdrawn"))
                .isEqualTo(Map.of("state", "WITHDRAWN", "offered_personnel", 700, "committed_personnel", 0, "deployed_personnel", 0,
                        "roe_acknowledged", 2));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM board_pledge WHERE contribution_id = 'never-pledged'", Long.class))
                .as("an event of a pledge the board has no row of changes nothing").isZero();
    }

    /**
     * A poll the board refuses (a second pledge of one id, as the insert refused it) is applied again a transaction per
     * record: the records before the refused one stay applied, and the error handler is told which one failed.
     */
    @Test
    void aRefusedPollIsAppliedRecordByRecordUpToTheRecordRefused() {
        listener.on(List.of(record(id(), "Contribution", "refused-twice", 0, "ContributionPledged", "2", pledgePayload("refused-twice"))));
        List<ConsumerRecord<String, byte[]>> poll = List.of(
                record(id(), "Contribution", "before-refusal", 0, "ContributionPledged", "2", pledgePayload("before-refusal")),
                record(id(), "Contribution", "refused-twice", 1, "ContributionPledged", "2", pledgePayload("refused-twice")),
                record(id(), "Contribution", "after-refusal", 0, "ContributionPledged", "2", pledgePayload("after-refusal")));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> listener.on(poll))
                .isInstanceOfSatisfying(org.springframework.kafka.listener.BatchListenerFailedException.class,
                        failed -> assertThat(failed.getIndex()).isEqualTo(1));
        assertThat(board("before-refusal")).containsEntry("state", "OFFERED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM board_pledge WHERE contribution_id = 'after-refusal'", Long.class))
                .as("the records after the refused one wait for the error handler's retry").isZero();
    }

    /** Pledged, committed, acknowledged, suspended with its commitment held, resumed, deployed, and withdrawn if asked. */
    List<ConsumerRecord<String, byte[]>> life(String pledge, boolean withdrawn) {
        String nation = "\"forceId\":\"isf\",\"nation\":\"NPL\"";
        List<ConsumerRecord<String, byte[]>> life = new ArrayList<>(List.of(
                record(id(), "Contribution", pledge, 0, "ContributionPledged", "2", pledgePayload(pledge)),
                record(id(), "Contribution", pledge, 1, "ContributionCommitted", "1", committed(pledge, 600)),
                record(id(), "Contribution", pledge, 2, "RulesOfEngagementAcknowledged", "1", acknowledged(pledge)),
                record(id(), "Contribution", pledge, 3, "ContributionSuspended", "1",
                        "{\"contributionId\":\"" + pledge + "\"," + nation + ",\"reason\":\"r\",\"suspendedFrom\":\"COMMITTED\"}"),
                record(id(), "Contribution", pledge, 4, "ContributionResumed", "1",
                        "{\"contributionId\":\"" + pledge + "\"," + nation + ",\"reason\":\"r\",\"state\":\"COMMITTED\"}"),
                record(id(), "Contribution", pledge, 5, "AuthorityTransferred", "1",
                        "{\"contributionId\":\"" + pledge + "\"," + nation + ",\"authority\":\"OPCON\",\"structureId\":\"s\",\"postId\":\"p\"}")));
        if (withdrawn) {
            life.add(record(id(), "Contribution", pledge, 6, "ContributionWithdrawn", "1",
                    "{\"contributionId\":\"" + pledge + "\"," + nation + ",\"reason\":\"r\",\"wasDeployed\":true}"));
        }
        return life;
    }

    Map<String, Object> board(String pledge) {
        return jdbc.queryForMap("SELECT state, offered_personnel, committed_personnel, deployed_personnel, roe_acknowledged FROM board_pledge "
                + "WHERE contribution_id = ?", pledge);
    }

    Map<String, Object> position(String kind, String id) {
        return jdbc.queryForMap("SELECT last_sequence, applied, gaps FROM stream_position WHERE aggregate_type = ? AND aggregate_id = ?", kind, id);
    }

    ConsumerRecord<String, byte[]> record(String eventId, String kind, String id, long sequence, String event, String revision, String payload) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("coordination-ledger.events.v2", 0, offset++, kind + ":" + id,
                payload.getBytes(StandardCharsets.UTF_8));
        header(record, "ce_id", eventId);
        header(record, "ce_source", "/coordination-ledger/" + kind + "/" + id);
        header(record, "ce_type", "org.coordination.ledger." + event + ".v" + revision);
        header(record, "ce_subject", id);
        header(record, "ce_aggregatetype", kind);
        header(record, "ce_sequence", Long.toString(sequence));
        return record;
    }

    static void header(ConsumerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static String pledge(String contributionId) {
        return contributionId + "-pledged-" + UUID.randomUUID();
    }

    static String pledgePayload(String contributionId) {
        return "{\"contributionId\":\"" + contributionId + "\",\"forceId\":\"isf\",\"nation\":\"NPL\",\"units\":[{\"requirementLine\":\"infantry\","
                + "\"type\":\"Infantry\",\"personnel\":700}],\"readiness\":\"L2\",\"conditions\":[],\"authorityOffered\":\"OPCON\",\"state\":\"OFFERED\"}";
    }

    static String committed(String contributionId, int personnel) {
        return "{\"contributionId\":\"" + contributionId + "\",\"forceId\":\"isf\",\"nation\":\"NPL\",\"personnel\":" + personnel + ",\"roeVersion\":1}";
    }

    static String acknowledged(String contributionId) {
        return "{\"contributionId\":\"" + contributionId + "\",\"forceId\":\"isf\",\"version\":2}";
    }

    static String force(String forceId) {
        return "{\"forceId\":\"" + forceId + "\",\"name\":\"E\",\"politicalAuthority\":\"B\",\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\","
                + "\"plannedStrength\":1,\"mandateId\":\"m\"}";
    }

    static String staff(String structureId) {
        return "{\"structureId\":\"" + structureId + "\",\"nation\":\"USA\",\"personnel\":5,\"role\":\"Center staff\",\"nationTotal\":5}";
    }
}
