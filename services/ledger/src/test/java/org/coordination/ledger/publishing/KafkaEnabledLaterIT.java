package org.coordination.ledger.publishing;

import static org.awaitility.Awaitility.await;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.common.config.ConfigResource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.coordination.ledger.LedgerApplication;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.structure.AttachStaff;
import org.coordination.ledger.contract.structure.EstablishCommandStructure;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A ledger that ran without Kafka publishes its whole history, from the first event, once Kafka is configured; the
 * events topic it creates keeps records for ever ({@code retention.ms=-1}) with the configured {@code min.insync.replicas}.
 * Restarted with another partition count, the ledger refuses the existing topic rather than adding partitions to it
 * (which would move a stream's later events to another partition than its earlier ones): nothing more is published,
 * and health says why.
 */
class KafkaEnabledLaterIT {

    @Test
    void enablingKafkaLaterPublishesEverythingFromTheStart() throws Exception {
        Path data = EmbeddedLedgerDatabase.freshDataDirectory();
        List<String> events;
        try (ConfigurableApplicationContext ledger = new SpringApplicationBuilder(LedgerApplication.class).web(WebApplicationType.NONE)
                .run("--ledger.embedded-postgres.port=0", "--ledger.embedded-postgres.data-directory=" + data)) {
            CommandGateway commands = ledger.getBean(CommandGateway.class);
            commands.sendAndWait(new EstablishCommandStructure(StructureId.of("cmcc"), "Center", Nation.of("USA"), "Kiryat Gat"));
            commands.sendAndWait(new AttachStaff(StructureId.of("cmcc"), Nation.of("USA"), 200, null));
            commands.sendAndWait(new AttachStaff(StructureId.of("cmcc"), Nation.of("CYP"), 5, null));
            events = ledger.getBean(JdbcTemplate.class).queryForList("SELECT event_identifier FROM domain_event_entry", String.class);
            assertThat(ledger.getBean(PublisherStatus.class).lag()).isEqualTo(3);
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        try (ConfigurableApplicationContext ledger = new SpringApplicationBuilder(LedgerApplication.class).web(WebApplicationType.NONE)
                .run("--ledger.embedded-postgres.port=0", "--ledger.embedded-postgres.data-directory=" + data,
                        "--ledger.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString())) {
            Set<String> published = new HashSet<>();
            KafkaPublishingIT.consume(broker.getBrokersAsString(), events.size(), Duration.ofSeconds(60))
                    .forEach(record -> published.add(KafkaPublishingIT.header(record, "ce_id")));
            assertThat(published).containsExactlyInAnyOrderElementsOf(events);
            // once the backlog is acknowledged, the lag says so without waiting for another command
            PublisherStatus status = ledger.getBean(PublisherStatus.class);
            await("the lag falls to 0 after the catch-up").atMost(Duration.ofSeconds(10)).pollInterval(25, MILLISECONDS).until(
                    () -> status.lag() == 0);
            assertThat(status.health().getDetails()).containsEntry("lag", 0L);
            assertThat(topicConfig(broker, "retention.ms")).isEqualTo("-1");
            assertThat(topicConfig(broker, "min.insync.replicas")).isEqualTo("1");
        }
        try (ConfigurableApplicationContext ledger = new SpringApplicationBuilder(LedgerApplication.class).web(WebApplicationType.NONE)
                .run("--ledger.embedded-postgres.port=0", "--ledger.embedded-postgres.data-directory=" + data,
                        "--ledger.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--ledger.kafka.partitions=8")) {
            ledger.getBean(CommandGateway.class).sendAndWait(new AttachStaff(StructureId.of("cmcc"), Nation.of("GBR"), 3, null));
            PublisherStatus status = ledger.getBean(PublisherStatus.class);
            await("the publisher refuses the topic").atMost(Duration.ofSeconds(30)).pollInterval(100, MILLISECONDS)
                    .until(() -> "REFUSED".equals(status.health().getDetails().get("state")));
            assertThat(status.health().getDetails().get("lastError").toString()).contains("has 6 partitions", "ledger.kafka.partitions is 8");
            assertThat(status.lag()).as("the new event, not published").isEqualTo(1);
            assertThat(partitions(broker)).as("the topic's partitions, unchanged").isEqualTo(6);
        } finally {
            broker.destroy();
        }
    }

    static String topicConfig(EmbeddedKafkaKraftBroker broker, String name) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "coordination-ledger.events.v2");
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.describeConfigs(List.of(topic)).all().get().get(topic).get(name).value();
        }
    }

    static int partitions(EmbeddedKafkaKraftBroker broker) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            return admin.describeTopics(List.of("coordination-ledger.events.v2")).allTopicNames().get()
                    .get("coordination-ledger.events.v2").partitions().size();
        }
    }
}
