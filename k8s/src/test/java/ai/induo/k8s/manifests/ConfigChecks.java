package ai.induo.k8s.manifests;

import ai.induo.k8s.manifests.AppSettings.Service;
import ai.induo.k8s.manifests.Rendered.PodTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings the manifests give the services are ones the services read, and fit together:
 * every {@code INDUO_*} variable is referenced by the service's application.properties or is the
 * environment form of a documented key; the services listen on all interfaces on the ports the
 * containers declare; the autoscaler's jobs per worker is the worker's concurrency; the public base
 * URL is the Ingress's host; GPU resources, the CUDA device and the GPU image go together; Cloud
 * KMS keys sit in an allowed residency location.
 */
final class ConfigChecks {

    private static final Pattern KMS_LOCATION = Pattern.compile("^kms://projects/[^/]+/locations/([^/]+)/");

    private ConfigChecks() {
    }

    static List<String> problems(Rendered r) {
        List<String> problems = new ArrayList<>();
        ObjectNode gateway = r.app(ServiceChecks.GATEWAY).containers().get(0);
        ObjectNode worker = r.app(ServiceChecks.WORKER).containers().get(0);
        names(r, r.app(ServiceChecks.GATEWAY), gateway, Service.GATEWAY, problems);
        names(r, r.app(ServiceChecks.WORKER), worker, Service.WORKER, problems);
        Map<String, String> gatewayEnv = r.plainEnv(gateway);
        Map<String, String> workerEnv = r.plainEnv(worker);
        listen(ServiceChecks.GATEWAY, gatewayEnv, gateway, Map.of("INDUO_GATEWAY_HOST", "INDUO_GATEWAY_PORT:api",
                "INDUO_GATEWAY_MANAGEMENT_HOST", "INDUO_GATEWAY_MANAGEMENT_PORT:management"), problems);
        listen(ServiceChecks.WORKER, workerEnv, worker, Map.of("INDUO_WORKER_MANAGEMENT_HOST",
                "INDUO_WORKER_MANAGEMENT_PORT:management"), problems);
        String concurrency = workerEnv.getOrDefault("INDUO_WORKER_CONCURRENCY",
                AppSettings.javaDefault("worker/src/main/java/ai/induo/worker/config/WorkerConfig.java", "concurrency"));
        for (ObjectNode scaler : r.ofKind("ScaledObject")) {
            for (JsonNode trigger : scaler.path("spec").path("triggers")) {
                String threshold = trigger.path("metadata").path("threshold").asText();
                if (!threshold.equals(concurrency)) {
                    problems.add(Rendered.id(scaler) + ": threshold " + threshold + " is not the jobs one worker runs at once"
                            + " (INDUO_WORKER_CONCURRENCY=" + concurrency + ")");
                }
            }
        }
        Set<String> hosts = new TreeSet<>();
        r.ofKind("Ingress").forEach(i -> i.path("spec").path("rules").forEach(rule -> hosts.add(rule.path("host").asText())));
        String baseUrl = gatewayEnv.getOrDefault("INDUO_PUBLIC_BASE_URL", "");
        if (hosts.stream().noneMatch(h -> baseUrl.equals("https://" + h))) {
            problems.add("gateway: INDUO_PUBLIC_BASE_URL=" + baseUrl + " is not https:// and an Ingress host " + hosts);
        }
        device(r, r.app(ServiceChecks.WORKER), worker, workerEnv, problems);
        for (Map<String, String> env : List.of(gatewayEnv, workerEnv)) {
            residency(env, problems);
        }
        for (String key : List.of("INDUO_MASTER_KEY", "INDUO_SAFETY_KEY", "INDUO_QUEUE_BACKEND", "INDUO_STORE_BACKEND",
                "INDUO_STORE_GCS_BUCKET", "INDUO_QUEUE_PUBSUB_PROJECT_ID", "INDUO_MONGODB_DATABASE")) {
            if (!String.valueOf(gatewayEnv.get(key)).equals(String.valueOf(workerEnv.get(key)))) {
                problems.add("gateway and worker disagree on " + key + ": " + gatewayEnv.get(key) + " / " + workerEnv.get(key));
            }
        }
        return problems;
    }

    private static void names(Rendered r, PodTemplate pod, ObjectNode container, Service service, List<String> problems) {
        Set<String> names = new TreeSet<>(r.envFromConfigMaps(container).keySet());
        container.path("env").forEach(v -> names.add(v.path("name").asText()));
        for (String name : names) {
            if (name.startsWith("INDUO_") && !AppSettings.reads(service, name)) {
                problems.add(pod.id() + ": sets " + name + ", which " + service.properties + " does not reference and no"
                        + " documented key maps to (" + String.join(", ", AppSettings.DOCS) + ")");
            }
        }
    }

    private static void listen(String service, Map<String, String> env, ObjectNode container, Map<String, String> settings,
            List<String> problems) {
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            if (!"0.0.0.0".equals(env.get(setting.getKey()))) {
                problems.add(service + ": " + setting.getKey() + " is " + env.get(setting.getKey()) + ", not 0.0.0.0: the"
                        + " default 127.0.0.1 is unreachable for probes, Services and Prometheus");
            }
            String[] portAndName = setting.getValue().split(":");
            Integer declared = ServiceChecks.port(container, portAndName[1]).orElse(null);
            if (declared == null || !String.valueOf(declared).equals(env.get(portAndName[0]))) {
                problems.add(service + ": " + portAndName[0] + "=" + env.get(portAndName[0]) + " is not the container port "
                        + portAndName[1] + " (" + declared + ")");
            }
        }
    }

    private static void device(Rendered r, PodTemplate pod, ObjectNode container, Map<String, String> env, List<String> problems) {
        boolean gpu = container.path("resources").path("limits").has("nvidia.com/gpu");
        boolean cuda = "cuda".equals(env.getOrDefault("INDUO_WORKER_MODEL_DEVICE", "cpu"));
        boolean gpuImage = container.path("image").asText().contains("induo-worker-gpu");
        if (gpu != cuda || cuda != gpuImage) {
            problems.add(pod.id() + ": GPU limit " + gpu + ", INDUO_WORKER_MODEL_DEVICE cuda " + cuda + " and image "
                    + container.path("image").asText() + " do not go together");
        }
        if (gpu) {
            boolean tolerates = pod.spec().path("tolerations").toString().contains("nvidia.com/gpu");
            boolean selected = pod.spec().path("nodeSelector").has("cloud.google.com/gke-accelerator");
            if (!tolerates || !selected || container.path("resources").path("limits").path("nvidia.com/gpu").asInt() != 1) {
                problems.add(pod.id() + ": a GPU worker needs nvidia.com/gpu: 1, the toleration nvidia.com/gpu and a"
                        + " cloud.google.com/gke-accelerator node selector");
            }
        }
    }

    private static void residency(Map<String, String> env, List<String> problems) {
        String allowed = env.getOrDefault("INDUO_RESIDENCY_ALLOWED_LOCATIONS", "EU,europe-*");
        for (String key : List.of("INDUO_MASTER_KEY", "INDUO_SAFETY_KEY", "INDUO_TRAINING_KEY")) {
            Matcher location = KMS_LOCATION.matcher(env.getOrDefault(key, ""));
            if (location.find() && !allowedLocation(location.group(1), allowed)) {
                problems.add(key + " is a Cloud KMS key in " + location.group(1) + ", outside the residency " + allowed);
            }
        }
    }

    private static boolean allowedLocation(String location, String allowed) {
        for (String pattern : allowed.split(",")) {
            String regex = "(?i)" + Pattern.quote(pattern.trim()).replace("*", "\\E.*\\Q");
            if (location.matches(regex)) {
                return true;
            }
        }
        return false;
    }
}
