package org.coordination.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where the tests run, so the stack file is checked for what the house style
 * asks of it: pinned images, health checks, named volumes, Kafka in KRaft mode, the ledger configured
 * through the same environment variables as everywhere else.
 */
class ComposeFileTest {

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() throws IOException {
        try (Reader reader = Files.newBufferedReader(RepositoryFiles.locate("docker-compose.yml"))) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) compose().get("services")).get(name);
    }

    @Test
    void noVersionKeyAndTheSevenServices() throws IOException {
        Map<String, Object> compose = compose();
        assertThat(compose).doesNotContainKey("version");
        assertThat((Map<String, Object>) compose.get("services"))
                .containsOnlyKeys("postgres", "kafka", "ledger", "loadbalancer", "prometheus", "grafana", "jaeger");
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoLedgerReplicasBehindALoadBalancerThatSendsRequestsOnlyToReadyOnes() throws IOException {
        Map<String, Object> ledger = service("ledger");
        assertThat((Map<String, Object>) ledger.get("deploy")).containsEntry("replicas", 2);
        assertThat(ledger).as("replicas cannot share a host port").doesNotContainKey("ports");
        Map<String, Object> balancer = service("loadbalancer");
        assertThat(balancer.get("image")).isEqualTo("haproxy:3.2.4");
        assertThat((List<String>) balancer.get("ports")).containsExactly("127.0.0.1:8080:8080");
        assertThat((List<String>) balancer.get("volumes")).contains("./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
        String config = Files.readString(RepositoryFiles.locate("deploy/haproxy/haproxy.cfg"));
        assertThat(config).contains("option httpchk GET /actuator/health/readiness", "http-check expect status 200",
                "server-template ledger 1-8 ledger:8080 check resolvers docker", "monitor-uri /haproxy-health", "bind :8080");
    }

    @Test
    void imagesArePinnedAndEveryServiceHasAHealthCheck() throws IOException {
        assertThat(service("postgres").get("image")).isEqualTo("postgres:17.6");
        assertThat(service("kafka").get("image")).isEqualTo("apache/kafka:4.1.1");
        assertThat(service("prometheus").get("image")).isEqualTo("prom/prometheus:v3.5.0");
        assertThat(service("grafana").get("image")).isEqualTo("grafana/grafana:12.1.1");
        assertThat(service("jaeger").get("image")).isEqualTo("jaegertracing/jaeger:2.9.0");
        for (String name : List.of("postgres", "kafka", "ledger", "loadbalancer", "prometheus", "grafana", "jaeger")) {
            assertThat(service(name)).as(name).containsKey("healthcheck");
            Object image = service(name).get("image");
            assertThat(String.valueOf(image)).as(name + " image").doesNotEndWith(":latest").contains(":");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaRunsInKraftModeWithoutZooKeeper() throws IOException {
        Map<String, Object> environment = (Map<String, Object>) service("kafka").get("environment");
        assertThat(environment.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(environment).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLedgerIsBuiltHereAndConfiguredByItsEnvironmentVariables() throws IOException {
        Map<String, Object> ledger = service("ledger");
        assertThat((Map<String, Object>) ledger.get("build")).containsEntry("dockerfile", "services/ledger/Dockerfile");
        assertThat(Files.exists(RepositoryFiles.locate("services/ledger/Dockerfile"))).isTrue();
        assertThat((Map<String, Object>) ledger.get("environment")).containsKeys(
                "LEDGER_DB_URL", "LEDGER_DB_USER", "LEDGER_DB_PASSWORD", "LEDGER_KAFKA_BOOTSTRAP_SERVERS");
        assertThat((Map<String, Object>) ledger.get("depends_on")).containsKeys("postgres", "kafka");
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryLedgerInstanceAsAnOperatorAndGrafanaShowsTheDashboard() throws IOException {
        assertThat((List<String>) service("prometheus").get("volumes"))
                .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        Map<String, Object> prometheus;
        try (Reader reader = Files.newBufferedReader(RepositoryFiles.locate("deploy/prometheus/prometheus.yml"))) {
            prometheus = new Yaml().load(reader);
        }
        Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(job).containsEntry("metrics_path", "/actuator/prometheus");
        // the demo user with the OPERATOR role (DemoUsersConfiguration): the endpoint refuses anonymous scrapes
        assertThat((Map<String, Object>) job.get("basic_auth")).containsEntry("username", "operator").containsEntry("password", "operator");
        Map<String, Object> discovery = ((List<Map<String, Object>>) job.get("dns_sd_configs")).get(0);
        assertThat((List<String>) discovery.get("names")).containsExactly("ledger");
        assertThat(discovery).containsEntry("port", 8080);

        List<String> grafana = (List<String>) service("grafana").get("volumes");
        assertThat(grafana).contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        assertThat(Files.exists(RepositoryFiles.locate("deploy/grafana/dashboards/ledger.json"))).isTrue();
        assertThat(Files.readString(RepositoryFiles.locate("deploy/grafana/provisioning/datasources/prometheus.yml")))
                .contains("uid: prometheus", "url: http://prometheus:9090");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReplicasSendTheirTracesToJaegerOverOtlp() throws IOException {
        Map<String, Object> environment = (Map<String, Object>) service("ledger").get("environment");
        assertThat(environment).containsEntry("LEDGER_TRACING_ENABLED", "true")
                .containsEntry("LEDGER_OTLP_ENDPOINT", "http://jaeger:4318/v1/traces");
        assertThat((List<String>) service("jaeger").get("ports")).containsExactly("127.0.0.1:16686:16686");
    }

    @Test
    @SuppressWarnings("unchecked")
    void dataLivesInNamedVolumes() throws IOException {
        assertThat((Map<String, Object>) compose().get("volumes")).containsKeys("postgres-data", "kafka-data");
        assertThat((List<String>) service("postgres").get("volumes")).contains("postgres-data:/var/lib/postgresql/data");
    }
}
