package org.coordination.ledger.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardQueriesTest {

    @Test
    void namesTheMetricsAndNotTheFunctionsLabelsOrValues() {
        assertThat(DashboardQueries.metricNames(
                "histogram_quantile(0.99, sum by (le, processor) (rate(ledger_processor_batch_seconds_bucket{processor=~\"read.*\"}[5m])))"))
                .containsExactly("ledger_processor_batch_seconds_bucket");
        assertThat(DashboardQueries.metricNames("sum(rate(a_sum[1m])) / sum without (instance) (rate(a_count[1m])) or max(b)"))
                .containsExactly("a_sum", "a_count", "b");
        assertThat(DashboardQueries.metricNames("max by (instance) (process_cpu_usage)")).containsExactly("process_cpu_usage");
    }
}
