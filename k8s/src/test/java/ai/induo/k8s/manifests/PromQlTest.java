package ai.induo.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link PromQl} finds the metrics of the expression shapes the manifests and dashboards use. */
class PromQlTest {

    @Test
    void aggregationsGroupingAndMatchersAreNotMetrics() {
        assertThat(PromQl.metrics("sum(max by (model) (induo_jobs_waiting{model=\"a\"}))"))
                .containsExactly("induo_jobs_waiting");
    }

    @Test
    void quantilesRangesAndBinaryOperatorsKeepEveryOperand() {
        assertThat(PromQl.metrics("histogram_quantile(0.99, sum by (le) (rate(induo_jobs_queue_wait_seconds_bucket[5m])))"
                + " / on () group_left sum(rate(induo_jobs_queue_wait_seconds_count[$__rate_interval])) > 1e3"))
                .containsExactly("induo_jobs_queue_wait_seconds_bucket", "induo_jobs_queue_wait_seconds_count");
    }

    @Test
    void fallbacksAndKeywordsAreNotMetrics() {
        assertThat(PromQl.metrics("(sum(induo_worker_capacity_slots) or on () vector(0)) == bool 0 unless up offset 5m"))
                .containsExactly("induo_worker_capacity_slots", "up");
    }
}
