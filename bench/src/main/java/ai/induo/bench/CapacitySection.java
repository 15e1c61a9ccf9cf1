package ai.induo.bench;

import java.util.Map;
import java.util.Optional;

/**
 * What serving {@link #TARGET_JOBS_PER_S} jobs a second takes, worked out from this run's figures
 * (docs/capacity.md explains each line): cores of each service from its CPU per job, MongoDB operations
 * a second from the database commands per job, Kafka partitions from the queue hop's rate per
 * partition, and model replicas from the worker's images a second. A figure this run did not measure
 * leaves its line out, with the reason.
 */
final class CapacitySection implements BenchSection {

    static final int TARGET_JOBS_PER_S = 10_000;
    /** Cores per pod assumed for the gateway, the broker and the database. */
    static final int CORES_PER_POD = 4;
    /** The share of a core a service is planned to use, leaving headroom for bursts and failover. */
    static final double PLANNED_UTILISATION = 0.6;

    private static final Map<String, String> SERVICES = Map.of(
            "gateway", "gateway_pods",
            "worker", "worker_cpu_cores",
            "broker", "broker_pods",
            "database", "database_pods");

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public void run(BenchContext context, Results results) {
        results.put("capacity.target_jobs_per_s", TARGET_JOBS_PER_S);
        results.put("capacity.assumed.cores_per_pod", CORES_PER_POD);
        results.put("capacity.assumed.utilisation", PLANNED_UTILISATION);
        String busiest = null;
        double busiestCpu = 0;
        for (Map.Entry<String, String> service : SERVICES.entrySet()) {
            Optional<Double> cpu = results.number(RatiosSection.PLATFORM_PREFIX + service.getKey());
            if (cpu.isEmpty()) {
                results.put("capacity." + service.getValue() + "_missing", "no " + RatiosSection.PLATFORM_PREFIX
                        + service.getKey() + " in this run");
                continue;
            }
            double cores = cores(cpu.get());
            results.put("capacity." + service.getKey() + "_cores", cores);
            if (!service.getKey().equals("worker")) {
                results.put("capacity." + service.getValue(), Math.ceil(cores / CORES_PER_POD));
            }
            if (cpu.get() > busiestCpu) {
                busiestCpu = cpu.get();
                busiest = service.getKey();
            }
        }
        if (busiest != null) {
            results.put("capacity.first_bottleneck", busiest + " (the most CPU per job)");
        }
        results.number("platform.db_commands_per_job").ifPresentOrElse(
                commands -> results.put("capacity.mongodb_ops_per_s", commands * TARGET_JOBS_PER_S),
                () -> results.put("capacity.mongodb_ops_per_s_missing", "no platform.db_commands_per_job in this run"));
        Optional<Double> perPartition = results.number("queue.kafka.jobs_per_s_per_partition");
        perPartition.ifPresentOrElse(
                rate -> results.put("capacity.kafka_partitions", Math.ceil(TARGET_JOBS_PER_S / (rate * PLANNED_UTILISATION))),
                () -> results.put("capacity.kafka_partitions_missing", "no queue.kafka.jobs_per_s_per_partition in this run"));
        results.number("model.worker.images_per_s").ifPresentOrElse(
                rate -> results.put("capacity.model_replicas_at_measured_rate", Math.ceil(TARGET_JOBS_PER_S / rate)),
                () -> results.put("capacity.model_replicas_missing", "no model.worker.images_per_s in this run"));
    }

    /** Cores busy at the target rate and the planned utilisation, for a CPU cost in ms per job. */
    static double cores(double cpuMsPerJob) {
        return TARGET_JOBS_PER_S * cpuMsPerJob / 1000 / PLANNED_UTILISATION;
    }
}
