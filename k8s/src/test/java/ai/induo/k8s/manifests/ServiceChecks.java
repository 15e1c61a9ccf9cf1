package ai.induo.k8s.manifests;

import ai.induo.k8s.manifests.AppSettings.Service;
import ai.induo.k8s.manifests.Rendered.PodTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway and the worker need from their workloads: probes and metrics on their
 * management ports, termination grace periods that outlast their shutdown (read from the
 * services' settings), at least two spread gateways, a worker whose replicas belong to KEDA with a
 * gentle scale-down, disruption budgets for both.
 */
final class ServiceChecks {

    static final String GATEWAY = "induo-gateway";
    static final String WORKER = "induo-worker";
    /** How much longer than the services' own shutdown the grace period must be. */
    static final Duration MARGIN = Duration.ofSeconds(10);

    private ServiceChecks() {
    }

    static List<String> problems(Rendered r) {
        List<String> problems = new ArrayList<>();
        PodTemplate gateway = r.app(GATEWAY);
        PodTemplate worker = r.app(WORKER);
        gateway(r, gateway, problems);
        worker(r, worker, problems);
        for (PodTemplate pod : List.of(gateway, worker)) {
            boolean budget = r.ofKind("PodDisruptionBudget").stream()
                    .anyMatch(b -> Rendered.selects(b.path("spec").path("selector"), pod.labels()));
            check(pod.id(), budget, "has no PodDisruptionBudget", problems);
        }
        return problems;
    }

    private static void gateway(Rendered r, PodTemplate pod, List<String> problems) {
        ObjectNode container = pod.containers().get(0);
        check(pod.id(), pod.owner().path("spec").path("replicas").asInt(0) >= 2, "runs fewer than 2 replicas", problems);
        r.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(GATEWAY))
                .forEach(h -> check(Rendered.id(h), h.path("spec").path("minReplicas").asInt(1) >= 2,
                        "lets the gateway go below 2 replicas", problems));
        String spread = pod.spec().path("topologySpreadConstraints").toString();
        check(pod.id(), spread.contains("topology.kubernetes.io/zone") && spread.contains("kubernetes.io/hostname"),
                "is not spread over zones and nodes", problems);
        probes(pod, container, 9000, problems);
        check(pod.id(), port(container, "api").equals(Optional.of(8080)), "serves the API on no port named api = 8080", problems);
        Map<String, String> env = r.plainEnv(container);
        Duration shutdown = AppSettings.duration(Optional.ofNullable(env.get("INDUO_GATEWAY_SHUTDOWN_TIMEOUT"))
                .or(() -> AppSettings.propertyDefault(Service.GATEWAY, "quarkus.shutdown.timeout")).orElse("0S"));
        Duration preStop = Duration.ofSeconds(container.path("lifecycle").path("preStop").path("sleep").path("seconds").asLong(0));
        grace(pod, preStop.plus(shutdown), "the preStop sleep (" + preStop.toSeconds() + " s) plus quarkus.shutdown.timeout ("
                + shutdown.toSeconds() + " s)", problems);
        metrics(r, "ServiceMonitor", "endpoints", pod, problems);
    }

    private static void worker(Rendered r, PodTemplate pod, List<String> problems) {
        ObjectNode container = pod.containers().get(0);
        probes(pod, container, 9001, problems);
        Map<String, String> env = r.plainEnv(container);
        Duration drain = AppSettings.duration(Optional.ofNullable(env.get("INDUO_WORKER_SHUTDOWN_GRACE"))
                .or(() -> AppSettings.propertyDefault(Service.WORKER, "induo.worker.shutdown-grace"))
                .orElseGet(() -> AppSettings.javaDefault("worker/src/main/java/ai/induo/worker/config/WorkerConfig.java",
                        "shutdownGrace")));
        Duration quarkus = AppSettings.propertyDefault(Service.WORKER, "quarkus.shutdown.timeout").map(AppSettings::duration)
                .orElse(Duration.ZERO);
        grace(pod, drain.compareTo(quarkus) >= 0 ? drain : quarkus, "the worker's drain (induo.worker.shutdown-grace "
                + drain.toSeconds() + " s, quarkus.shutdown.timeout " + quarkus.toSeconds() + " s)", problems);
        check(pod.id(), env.getOrDefault("JAVA_TOOL_OPTIONS", "").contains("-XX:G1HeapRegionSize=8m"),
                "JAVA_TOOL_OPTIONS lacks -XX:G1HeapRegionSize=8m (worker/README.md)", problems);
        check(pod.id(), !pod.owner().path("spec").has("replicas"), "sets replicas, which belong to the ScaledObject", problems);
        metrics(r, "PodMonitor", "podMetricsEndpoints", pod, problems);
        Optional<ObjectNode> scaler = r.ofKind("ScaledObject").stream()
                .filter(s -> s.path("spec").path("scaleTargetRef").path("name").asText().equals(WORKER)).findFirst();
        if (scaler.isEmpty()) {
            problems.add(pod.id() + ": no ScaledObject scales it");
            return;
        }
        JsonNode spec = scaler.get().path("spec");
        String id = Rendered.id(scaler.get());
        check(id, spec.path("minReplicaCount").asInt(-1) == 0, "does not scale to zero (minReplicaCount 0)", problems);
        check(id, spec.path("maxReplicaCount").asInt(0) > 0 && spec.path("cooldownPeriod").asInt(0) > 0,
                "sets no maxReplicaCount or cooldownPeriod", problems);
        JsonNode scaleDown = spec.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior").path("scaleDown");
        boolean gentle = scaleDown.path("stabilizationWindowSeconds").asInt(0) > 0 && !scaleDown.path("policies").isEmpty();
        for (JsonNode policy : scaleDown.path("policies")) {
            gentle &= policy.path("type").asText().equals("Pods") && policy.path("value").asInt() <= 1
                    && policy.path("periodSeconds").asInt() >= 60;
        }
        check(id, gentle, "scale-down is not limited to one pod per 60 s after a stabilization window", problems);
        for (JsonNode trigger : spec.path("triggers")) {
            JsonNode metadata = trigger.path("metadata");
            check(id, metadata.path("query").asText().contains("induo_jobs_waiting") && metadata.has("activationThreshold"),
                    "trigger " + trigger.path("name").asText() + " does not scale on induo_jobs_waiting with an activationThreshold",
                    problems);
        }
    }

    private static void probes(PodTemplate pod, ObjectNode container, int management, List<String> problems) {
        Map<String, String> paths = Map.of("readinessProbe", "/q/health/ready", "livenessProbe", "/q/health/live");
        for (Map.Entry<String, String> probe : paths.entrySet()) {
            JsonNode get = container.path(probe.getKey()).path("httpGet");
            Optional<Integer> port = get.path("port").isTextual() ? port(container, get.path("port").asText())
                    : Optional.of(get.path("port").asInt());
            check(pod.id(), get.path("path").asText().equals(probe.getValue()) && port.equals(Optional.of(management)),
                    probe.getKey() + " is not GET " + probe.getValue() + " on the management port " + management, problems);
        }
    }

    private static void grace(PodTemplate pod, Duration needed, String what, List<String> problems) {
        long grace = pod.spec().path("terminationGracePeriodSeconds").asLong(30);
        check(pod.id(), grace >= needed.plus(MARGIN).toSeconds(), "terminationGracePeriodSeconds " + grace + " does not exceed "
                + what + " by " + MARGIN.toSeconds() + " s", problems);
    }

    private static void metrics(Rendered r, String kind, String endpoints, PodTemplate pod, List<String> problems) {
        boolean scraped = false;
        for (ObjectNode monitor : r.ofKind(kind)) {
            for (JsonNode endpoint : monitor.path("spec").path(endpoints)) {
                JsonNode selector = monitor.path("spec").path("selector");
                boolean selects = kind.equals("PodMonitor") ? Rendered.selects(selector, pod.labels())
                        : r.ofKind("Service").stream().anyMatch(s -> Rendered.selects(selector,
                                Rendered.strings(s.path("metadata").path("labels")))
                                && Rendered.selects(s.path("spec").path("selector"), pod.labels()));
                scraped |= selects && endpoint.path("path").asText().equals("/q/metrics")
                        && endpoint.path("port").asText().equals("management");
            }
        }
        check(pod.id(), scraped, "no " + kind + " scrapes /q/metrics on its management port", problems);
    }

    static Optional<Integer> port(ObjectNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return Optional.of(port.path("containerPort").asInt());
            }
        }
        return Optional.empty();
    }

    private static void check(String where, boolean ok, String problem, List<String> problems) {
        if (!ok) {
            problems.add(where + ": " + problem);
        }
    }
}
