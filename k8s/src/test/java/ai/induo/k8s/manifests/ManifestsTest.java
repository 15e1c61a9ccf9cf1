package ai.induo.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization under k8s/ renders with {@code kubectl kustomize}, and what it renders is
 * valid (built-in kinds by the strict Kubernetes model, custom resources by their allow-list
 * schemas), consistent (references resolve), restricted (pod security), true to the services'
 * own settings and metrics, and what each overlay promises.
 */
class ManifestsTest {

    /** Every kustomization; the base renders alone too, for validation. */
    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/kafka", "overlays/local", "overlays/gke");
    /** The overlays that are deployed as they are. */
    static final List<String> DEPLOYED = List.of("overlays/local", "overlays/gke");

    private static final MeterCatalog METERS = MeterCatalog.scan();

    static Stream<String> kustomizations() {
        return KUSTOMIZATIONS.stream();
    }

    static Stream<String> deployed() {
        return DEPLOYED.stream();
    }

    static void assertNoProblems(String dir, String what, List<String> problems) {
        assertThat(problems).as("%s: %s, %d problem(s):%n  %s", dir, what, problems.size(), String.join("\n  ", problems))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void rendersDistinctNamedObjects(String dir) {
        Rendered r = Kustomize.render(dir);
        assertThat(r.all()).as(dir).isNotEmpty();
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : r.all()) {
            String id = StrictModel.group(object) + " " + Rendered.id(object);
            if (object.path("metadata").path("name").asText().isEmpty() || !ids.add(id)) {
                problems.add(Rendered.id(object) + ": unnamed or rendered twice");
            }
        }
        assertNoProblems(dir, "objects", problems);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void builtInKindsFitTheStrictKubernetesModel(String dir) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : Kustomize.render(dir).all()) {
            if (StrictModel.isCore(object)) {
                try {
                    StrictModel.parse(object);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            } else if (!CrdSchemas.known(object)) {
                problems.add(Rendered.id(object) + ": " + object.path("apiVersion").asText() + " is neither built in nor has a schema");
            }
        }
        assertNoProblems(dir, "built-in objects", problems);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void customResourcesFitTheirSchemas(String dir) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : Kustomize.render(dir).all()) {
            if (!StrictModel.isCore(object)) {
                problems.addAll(CrdSchemas.validate(object));
            }
        }
        assertNoProblems(dir, "custom resources", problems);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void referencesResolve(String dir) {
        Rendered r = Kustomize.render(dir);
        List<String> problems = new ArrayList<>(ReferenceChecks.problems(r));
        problems.addAll(PodReferences.problems(r));
        problems.addAll(NetworkPolicyChecks.problems(r));
        assertNoProblems(dir, "references", problems);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void podsAreRestricted(String dir) {
        assertNoProblems(dir, "pod security", WorkloadChecks.problems(Kustomize.render(dir)));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void servicesProbeDrainAndScaleAsTheirSettingsSay(String dir) {
        assertNoProblems(dir, "gateway and worker workloads", ServiceChecks.problems(Kustomize.render(dir)));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void settingsAreOnesTheServicesRead(String dir) {
        assertNoProblems(dir, "settings", ConfigChecks.problems(Kustomize.render(dir)));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void kafkaFitsWhatTheServicesExpect(String dir) {
        assertNoProblems(dir, "Kafka", KafkaChecks.problems(Kustomize.render(dir)));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void expressionsReadOnlyMetricsTheCodeExports(String dir) {
        Rendered r = Kustomize.render(dir);
        List<String> problems = new ArrayList<>();
        assertThat(MetricChecks.expressions(r, problems)).as(dir + ": expressions").isNotEmpty();
        problems.addAll(MetricChecks.problems(r, METERS));
        assertNoProblems(dir, "metrics", problems);
    }

    @ParameterizedTest
    @MethodSource("deployed")
    void deployedOverlaysSettleTheStoreAndTheQueue(String dir) {
        assertNoProblems(dir, "store and queue", DeploymentChecks.problems(Kustomize.render(dir)));
    }

    @Test
    void gkeRunsGpuWorkersOnPubSubCloudStorageAndKms() {
        Rendered r = Kustomize.render("overlays/gke");
        ObjectNode worker = r.app(ServiceChecks.WORKER).containers().get(0);
        Map<String, String> env = r.plainEnv(worker);
        assertThat(worker.path("image").asText()).contains("/induo-worker-gpu:");
        assertThat(worker.path("resources").path("limits").path("nvidia.com/gpu").asText()).isEqualTo("1");
        assertThat(env).containsEntry("INDUO_WORKER_CONCURRENCY", "16").containsEntry("INDUO_WORKER_MODEL_DEVICE", "cuda")
                .containsKey("INDUO_WORKER_MODEL_CUDA_CONV_ALGO_SEARCH").containsEntry("INDUO_QUEUE_BACKEND", "pubsub")
                .containsEntry("INDUO_STORE_BACKEND", "gcs");
        assertThat(env.get("INDUO_MASTER_KEY")).startsWith("kms://");
        assertThat(r.plainEnv(r.app(ServiceChecks.GATEWAY).containers().get(0)).get("INDUO_MASTER_KEY")).startsWith("kms://");
        assertThat(worker.path("env").toString()).doesNotContain("induo-worker-secrets");
        for (ObjectNode account : r.ofKind("ServiceAccount")) {
            assertThat(account.path("metadata").path("annotations").path("iam.gke.io/gcp-service-account").asText())
                    .as(Rendered.id(account)).endsWith(".iam.gserviceaccount.com");
        }
        assertThat(r.ofKind("Kafka")).isEmpty();
        assertThat(egress(r, ServiceChecks.WORKER)).contains("169.254.169.252/32:988", "0.0.0.0/0-[169.254.169.254/32]:443");
        assertThat(egress(r, ServiceChecks.GATEWAY)).contains("169.254.169.252/32:988");
    }

    @Test
    void localRunsCpuWorkersWithKafkaAndMongoDbInTheCluster() {
        Rendered r = Kustomize.render("overlays/local");
        ObjectNode worker = r.app(ServiceChecks.WORKER).containers().get(0);
        assertThat(worker.path("image").asText()).startsWith("induo-worker:");
        assertThat(worker.path("resources").path("limits").has("nvidia.com/gpu")).isFalse();
        assertThat(r.plainEnv(worker)).containsEntry("INDUO_QUEUE_BACKEND", "kafka").containsEntry("INDUO_STORE_BACKEND", "local");
        assertThat(r.find("Kafka", "induo")).isPresent();
        assertThat(r.find("StatefulSet", "induo-mongodb")).isPresent();
        assertThat(egress(r, ServiceChecks.GATEWAY)).anyMatch(rule -> rule.contains("induo-mongodb"));
    }

    @Test
    void everySecretMadeOutsideTheRenderIsInTheReadme() {
        List<String> rows = AppSettings.read("k8s/README.md").lines().filter(l -> l.startsWith("|")).toList();
        for (ProvidedOutside.Secret secret : ProvidedOutside.SECRETS) {
            assertThat(rows).as("k8s/README.md documents Secret " + secret.name() + " with keys " + secret.keys())
                    .anyMatch(row -> row.contains("`" + secret.name() + "`")
                            && secret.keys().stream().allMatch(key -> row.contains("`" + key + "`")));
        }
    }

    /** The egress rules that apply to an app's pods, as "cidr-[except]:port" or "podSelector:port". */
    private static List<String> egress(Rendered r, String app) {
        Map<String, String> labels = r.app(app).labels();
        List<String> rules = new ArrayList<>();
        for (ObjectNode policy : r.ofKind("NetworkPolicy")) {
            if (!Rendered.selects(policy.path("spec").path("podSelector"), labels)) {
                continue;
            }
            for (JsonNode rule : policy.path("spec").path("egress")) {
                for (JsonNode peer : rule.path("to")) {
                    String to = peer.has("ipBlock") ? peer.path("ipBlock").path("cidr").asText()
                            + (peer.path("ipBlock").has("except") ? "-" + peer.path("ipBlock").path("except").toString()
                                    .replace("\"", "") : "") : peer.path("podSelector").toString();
                    for (JsonNode port : rule.path("ports")) {
                        rules.add(to + ":" + port.path("port").asText());
                    }
                }
            }
        }
        return rules;
    }
}
