package ai.induo.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an overlay that is deployed as it is (local, gke) must settle and the base leaves open:
 * the gateway and the worker share one object store (the same bucket, or the same volume claim
 * mounted where the local store's root is) and one queue (Pub/Sub in a project, or a Kafka in the
 * render).
 */
final class DeploymentChecks {

    private DeploymentChecks() {
    }

    static List<String> problems(Rendered r) {
        List<String> problems = new ArrayList<>();
        Rendered.PodTemplate gateway = r.app(ServiceChecks.GATEWAY);
        Rendered.PodTemplate worker = r.app(ServiceChecks.WORKER);
        Map<String, String> env = r.plainEnv(gateway.containers().get(0));
        String store = env.getOrDefault("INDUO_STORE_BACKEND", "local");
        if (store.equals("gcs") && env.getOrDefault("INDUO_STORE_GCS_BUCKET", "").isBlank()) {
            problems.add(r.name() + ": the gcs store has no INDUO_STORE_GCS_BUCKET");
        }
        if (store.equals("local")) {
            Optional<String> gatewayClaim = claimHolding(r, gateway);
            Optional<String> workerClaim = claimHolding(r, worker);
            if (gatewayClaim.isEmpty() || !gatewayClaim.equals(workerClaim)) {
                problems.add(r.name() + ": the local store's root is not on one PersistentVolumeClaim mounted by both the"
                        + " gateway (" + gatewayClaim.orElse("none") + ") and the worker (" + workerClaim.orElse("none") + ")");
            }
        }
        String queue = env.getOrDefault("INDUO_QUEUE_BACKEND", "kafka");
        if (queue.equals("pubsub") && env.getOrDefault("INDUO_QUEUE_PUBSUB_PROJECT_ID", "").isBlank()) {
            problems.add(r.name() + ": the pubsub queue has no INDUO_QUEUE_PUBSUB_PROJECT_ID");
        }
        if (queue.equals("kafka") && r.ofKind("Kafka").isEmpty()) {
            problems.add(r.name() + ": the kafka queue has no Kafka in the render");
        }
        return problems;
    }

    private static Optional<String> claimHolding(Rendered r, Rendered.PodTemplate pod) {
        ObjectNode container = pod.containers().get(0);
        String root = r.plainEnv(container).getOrDefault("INDUO_STORE_LOCAL_ROOT",
                r.plainEnv(container).getOrDefault("INDUO_HOME", ".induo") + "/objects");
        for (JsonNode mount : container.path("volumeMounts")) {
            if (root.startsWith(mount.path("mountPath").asText() + "/")) {
                for (JsonNode volume : pod.spec().path("volumes")) {
                    if (volume.path("name").equals(mount.path("name")) && volume.has("persistentVolumeClaim")) {
                        return Optional.of(volume.path("persistentVolumeClaim").path("claimName").asText());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
