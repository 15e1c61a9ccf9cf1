package ai.induo.bench.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerPipelineBenchmarkTest {

    private static final String BEFORE = """
            induo_worker_jobs_total{outcome="succeeded"} 10.0
            induo_worker_jobs_total{outcome="failed"} 1.0
            induo_worker_inference_seconds_sum{model="induo-bench-tryon"} 4.0
            """;
    private static final String AFTER = """
            induo_worker_jobs_total{outcome="succeeded"} 34.0
            induo_worker_jobs_total{outcome="failed"} 3.0
            induo_worker_inference_seconds_sum{model="induo-bench-tryon"} 10.5
            induo_worker_batch_size_sum 24.0
            """;

    @Test
    void countsWhatGrewBetweenTwoScrapesFromZeroForAFigureThatAppearedMeanwhile() {
        assertThat(WorkerPipelineBenchmark.delta(BEFORE, AFTER, WorkerPipelineBenchmark.SUCCEEDED,
                WorkerPipelineBenchmark.SUCCEEDED_LABEL)).hasValue(24.0);
        assertThat(WorkerPipelineBenchmark.delta(BEFORE, AFTER, WorkerPipelineBenchmark.INFERENCE_SECONDS, ""))
                .hasValue(6.5);
        assertThat(WorkerPipelineBenchmark.delta(BEFORE, AFTER, WorkerPipelineBenchmark.IMAGES, "")).hasValue(24.0);
    }

    @Test
    void aFigureTheWorkerDoesNotHaveIsMissingRatherThanZero() {
        assertThat(WorkerPipelineBenchmark.delta(BEFORE, AFTER, WorkerPipelineBenchmark.RUNS, "")).isEmpty();
    }
}
