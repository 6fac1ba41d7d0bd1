package org.coordination.ledger.readmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The cost behind docs/adr/0002-as-of-reads.md: an as-of read of a command structure over HTTP, as its
 * stream grows, against a current read, while other streams fill the store.
 * Run with {@code ./mvnw -pl services/ledger -am verify -Pbench -DskipITs -Dtest=AsOfReadBenchmark}.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AsOfReadBenchmark {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void asOfReadLatencyAsTheStreamGrows() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        // other streams, so the store is larger than the stream read
        List<Future<?>> noise = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            int stream = s;
            noise.add(pool.submit(() -> {
                ledger.command("coordinator", "establish-command-structure",
                        "{\"structureId\":\"noise-" + stream + "\",\"name\":\"n\",\"leadNation\":\"USA\",\"location\":\"l\"}");
                for (int i = 0; i < 1250; i++) {
                    ledger.command("coordinator", "attach-staff", "{\"structureId\":\"noise-" + stream + "\",\"nation\":\"USA\",\"personnel\":1}");
                }
            }));
        }
        for (Future<?> f : noise) {
            f.get();
        }
        ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\",\"effectiveAt\":\"2025-01-01\"}");
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("otherEventsInStore", 10_000);
        int length = 1;
        for (int target : new int[] {100, 1_000, 10_000}) {
            List<Future<?>> appends = new ArrayList<>();
            int from = length;
            for (int t = 0; t < 8; t++) {
                int thread = t;
                appends.add(pool.submit(() -> {
                    for (int i = from + thread; i < target; i += 8) {
                        ledger.command("coordinator", "attach-staff",
                                "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1,\"effectiveAt\":\"2025-06-01\"}");
                    }
                }));
            }
            for (Future<?> f : appends) {
                f.get();
            }
            length = target;
            ledger.await("viewer", "/api/v1/command-structures/cmcc", s -> s.get("staffTotal").asInt() >= target - 1 - 8);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("asOfMillis", percentiles(ledger, "/api/v1/command-structures/cmcc?asOf=2025-12-31", 50));
            row.put("currentMillis", percentiles(ledger, "/api/v1/command-structures/cmcc", 50));
            results.put("stream" + target, row);
        }
        pool.shutdown();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path out = Path.of("target", "benchmarks", "as-of-reads.json");
        Files.createDirectories(out.getParent());
        json.writeValue(out.toFile(), results);
        System.out.println("AS-OF READ BENCHMARK " + json.writeValueAsString(results));
    }

    static Map<String, Double> percentiles(LedgerClient ledger, String path, int samples) {
        for (int i = 0; i < 5; i++) {
            ledger.get("viewer", path); // warm-up
        }
        double[] millis = new double[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            ledger.get("viewer", path);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return Map.of("p50", round(millis[samples / 2]), "p99", round(millis[(int) Math.ceil(samples * 0.99) - 1]));
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
