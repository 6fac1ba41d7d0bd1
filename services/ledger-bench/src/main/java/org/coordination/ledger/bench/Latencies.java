package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/** Latencies recorded in microseconds (1 µs to 60 s, 3 significant digits), reported in milliseconds. */
final class Latencies {

    private final Histogram histogram = new Histogram(1, 60_000_000, 3);

    synchronized void record(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(60_000_000, nanos / 1_000)));
    }

    synchronized void add(Latencies other) {
        histogram.add(other.histogram);
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    synchronized double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    synchronized ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("count", histogram.getTotalCount());
        node.put("p50_ms", round(histogram.getValueAtPercentile(50) / 1000.0));
        node.put("p90_ms", round(histogram.getValueAtPercentile(90) / 1000.0));
        node.put("p99_ms", round(histogram.getValueAtPercentile(99) / 1000.0));
        node.put("p999_ms", round(histogram.getValueAtPercentile(99.9) / 1000.0));
        node.put("max_ms", round(histogram.getMaxValue() / 1000.0));
        node.put("mean_ms", round(histogram.getMean() / 1000.0));
        return node;
    }

    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
