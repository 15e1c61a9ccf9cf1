package ai.induo.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each check can fail: a rendered overlay, broken in one place the way a manifest edit could break
 * it, makes that check report the break, by name. (The same breaks made in the YAML files fail
 * {@link ManifestsTest} with the same messages.)
 */
class ChecksCanFailTest {

    /** One break: in which render, how, which check must see it, and what its message says. */
    record Break(String name, String dir, Consumer<Rendered> breakIt, Function<Rendered, List<String>> check, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Break> breaks() {
        Function<Rendered, List<String>> references = ReferenceChecks::problems;
        Function<Rendered, List<String>> pods = PodReferences::problems;
        Function<Rendered, List<String>> policies = NetworkPolicyChecks::problems;
        Function<Rendered, List<String>> security = WorkloadChecks::problems;
        Function<Rendered, List<String>> services = ServiceChecks::problems;
        Function<Rendered, List<String>> config = ConfigChecks::problems;
        Function<Rendered, List<String>> metrics = r -> MetricChecks.problems(r, MeterCatalog.scan());
        return Stream.of(
                new Break("a Service selects a label no pod carries", "overlays/gke",
                        r -> at(spec(r, "Service", "induo-gateway"), "/selector").put("app.kubernetes.io/name", "induo-gatewy"),
                        references, "Service/induo-gateway: selector"),
                new Break("a PodDisruptionBudget selects nothing", "overlays/gke",
                        r -> at(spec(r, "PodDisruptionBudget", "induo-worker"), "/selector/matchLabels")
                                .put("app.kubernetes.io/name", "worker"), references, "PodDisruptionBudget/induo-worker: selector"),
                new Break("the ScaledObject scales a Deployment that does not exist", "overlays/gke",
                        r -> at(spec(r, "ScaledObject", "induo-worker"), "/scaleTargetRef").put("name", "induo-workers"),
                        references, "scaleTargetRef Deployment/induo-workers"),
                new Break("the ServiceMonitor scrapes a port the Service lacks", "base",
                        r -> at(spec(r, "ServiceMonitor", "induo-gateway"), "/endpoints/0").put("port", "metrics"),
                        references, "endpoint port \"metrics\""),
                new Break("the Ingress sends traffic to a port the Service lacks", "overlays/local",
                        r -> at(spec(r, "Ingress", "induo-gateway"), "/rules/0/http/paths/0/backend/service/port").put("name", "http"),
                        references, "backend port"),
                new Break("a pod reads a ConfigMap nobody renders", "overlays/kafka",
                        r -> at(container(r, ServiceChecks.GATEWAY), "/envFrom/0/configMapRef").put("name", "induo-config"),
                        pods, "ConfigMap/induo-config is not in the render"),
                new Break("a pod reads an undocumented Secret", "overlays/local",
                        r -> secretRef(r, ServiceChecks.WORKER, "INDUO_MONGODB_URI").put("name", "induo-mongo"),
                        pods, "Secret/induo-mongo is neither rendered nor in the list"),
                new Break("a pod reads an undocumented Secret key", "overlays/gke",
                        r -> secretRef(r, ServiceChecks.WORKER, "INDUO_MONGODB_URI").put("key", "uri"),
                        pods, "documented without the key uri"),
                new Break("a probe names a port the container lacks", "overlays/gke",
                        r -> at(container(r, ServiceChecks.WORKER), "/readinessProbe/httpGet").put("port", "health"),
                        pods, "readinessProbe port \"health\""),
                new Break("a NetworkPolicy selects no pod", "base",
                        r -> at(spec(r, "NetworkPolicy", "induo-gateway-ingress"), "/podSelector/matchLabels")
                                .put("app.kubernetes.io/name", "gateway"),
                        policies, "NetworkPolicy/induo-gateway-ingress: podSelector"),
                new Break("the default deny is gone", "overlays/gke",
                        r -> r.all().remove(r.get("NetworkPolicy", "induo-default-deny")), policies, "no NetworkPolicy denies"),
                new Break("a container may write its root file system", "overlays/local",
                        r -> at(container(r, ServiceChecks.WORKER), "/securityContext").put("readOnlyRootFilesystem", false),
                        security, "readOnlyRootFilesystem is not true"),
                new Break("a container runs as root", "overlays/gke",
                        r -> at(container(r, ServiceChecks.GATEWAY), "/securityContext").put("runAsUser", 0),
                        security, "runs as UID 0"),
                new Break("a container has no memory limit", "overlays/gke",
                        r -> at(container(r, ServiceChecks.GATEWAY), "/resources/limits").remove("memory"),
                        security, "has no resources.limits.memory"),
                new Break("the namespace enforces only baseline", "base",
                        r -> at(r.get("Namespace", "induo"), "/metadata/labels").put("pod-security.kubernetes.io/enforce", "baseline"),
                        security, "does not enforce the restricted"),
                new Break("the worker's grace period is shorter than its drain", "overlays/gke",
                        r -> r.app(ServiceChecks.WORKER).spec().put("terminationGracePeriodSeconds", 25),
                        services, "terminationGracePeriodSeconds 25 does not exceed the worker's drain"),
                new Break("the gateway's shutdown outgrows its grace period", "overlays/kafka",
                        r -> configMap(r, "induo-gateway-config").put("INDUO_GATEWAY_SHUTDOWN_TIMEOUT", "120S"),
                        services, "quarkus.shutdown.timeout (120 s)"),
                new Break("a setting the worker does not read", "overlays/gke",
                        r -> configMap(r, "induo-worker-config").put("INDUO_WORKER_CONCURENCY", "16"),
                        config, "sets INDUO_WORKER_CONCURENCY"),
                new Break("the worker listens on loopback only", "overlays/local",
                        r -> configMap(r, "induo-worker-config").put("INDUO_WORKER_MANAGEMENT_HOST", "127.0.0.1"),
                        config, "INDUO_WORKER_MANAGEMENT_HOST is 127.0.0.1"),
                new Break("jobs per worker differ from the worker's concurrency", "overlays/gke",
                        r -> at(spec(r, "ScaledObject", "induo-worker"), "/triggers/0/metadata").put("threshold", "8"),
                        config, "threshold 8 is not the jobs one worker runs at once"),
                new Break("a GPU worker set to run on the CPU", "overlays/gke",
                        r -> configMap(r, "induo-worker-config").put("INDUO_WORKER_MODEL_DEVICE", "cpu"),
                        config, "do not go together"),
                new Break("the ScaledObject reads a metric the code does not export", "overlays/gke",
                        r -> at(spec(r, "ScaledObject", "induo-worker"), "/triggers/0/metadata").put("query", "sum(induo_jobs_waitin)"),
                        metrics, "metric induo_jobs_waitin is not exported"),
                new Break("a dashboard panel reads a metric the code does not export", "base",
                        r -> configMap(r, "induo-dashboard").put("dashboard.json",
                                "{\"panels\":[{\"title\":\"Queue\",\"targets\":[{\"expr\":\"sum(induo_queue_depth)\"}]}]}"),
                        metrics, "panel \"Queue\": metric induo_queue_depth"),
                new Break("a Kafka topic the code does not use", "overlays/kafka",
                        r -> spec(r, "KafkaTopic", "induo-jobs").put("topicName", "induo.job"), KafkaChecks::problems,
                        "are not the topics the code uses"),
                new Break("the local store's volume missing from the worker", "overlays/local",
                        r -> ((ArrayNode) container(r, ServiceChecks.WORKER).path("volumeMounts")).remove(0),
                        DeploymentChecks::problems, "the worker (none)"),
                new Break("a misspelled field of a built-in kind", "overlays/gke",
                        r -> spec(r, "Deployment", "induo-gateway").put("replicass", 2), ChecksCanFailTest::strict, "replicass"),
                new Break("a field the ScaledObject's CRD does not define", "overlays/gke",
                        r -> spec(r, "ScaledObject", "induo-worker").put("minReplicas", 0), ChecksCanFailTest::schemas,
                        "spec.minReplicas: unknown field"),
                new Break("a KafkaNodePool replica count as a string", "overlays/kafka",
                        r -> spec(r, "KafkaNodePool", "broker").put("replicas", "3"), ChecksCanFailTest::schemas,
                        "spec.replicas: expected integer"));
    }

    @ParameterizedTest
    @MethodSource("breaks")
    void theCheckReportsTheBreak(Break broken) {
        assertThat(broken.check().apply(Kustomize.render(broken.dir()))).as("unbroken " + broken.dir())
                .noneMatch(p -> p.contains(broken.expected()));
        Rendered r = Kustomize.render(broken.dir());
        broken.breakIt().accept(r);
        assertThat(broken.check().apply(r)).as(broken.name()).anyMatch(p -> p.contains(broken.expected()));
    }

    private static ObjectNode at(JsonNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    private static ObjectNode spec(Rendered r, String kind, String name) {
        return (ObjectNode) r.get(kind, name).path("spec");
    }

    private static ObjectNode container(Rendered r, String app) {
        return r.app(app).containers().get(0);
    }

    private static ObjectNode secretRef(Rendered r, String app, String variable) {
        for (JsonNode env : container(r, app).path("env")) {
            if (env.path("name").asText().equals(variable)) {
                return (ObjectNode) env.path("valueFrom").path("secretKeyRef");
            }
        }
        throw new AssertionError(app + " has no env " + variable);
    }

    private static ObjectNode configMap(Rendered r, String prefix) {
        return r.ofKind("ConfigMap").stream().filter(c -> c.path("metadata").path("name").asText().startsWith(prefix))
                .map(c -> (ObjectNode) c.path("data")).findFirst().orElseThrow();
    }

    private static List<String> strict(Rendered r) {
        List<String> problems = new ArrayList<>();
        r.all().stream().filter(StrictModel::isCore).forEach(o -> {
            try {
                StrictModel.parse(o);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        });
        return problems;
    }

    private static List<String> schemas(Rendered r) {
        List<String> problems = new ArrayList<>();
        r.all().stream().filter(o -> !StrictModel.isCore(o)).forEach(o -> problems.addAll(CrdSchemas.validate(o)));
        return problems;
    }
}
