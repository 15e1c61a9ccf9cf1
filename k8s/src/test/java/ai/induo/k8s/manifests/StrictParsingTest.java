package ai.induo.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict model really refuses what the API server would: proven on small documents. */
class StrictParsingTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              %s
              selector:
                matchLabels:
                  app: demo
              template:
                metadata:
                  labels:
                    app: demo
                spec:
                  containers:
                    - name: demo
                      image: demo:1
                      %s
            """;

    private static Object parse(String replicas, String containerField) {
        return StrictModel.parse(Kustomize.parse(DEPLOYMENT.formatted(replicas, containerField)).get(0));
    }

    @Test
    void aWellFormedDeploymentParses() {
        assertThat(parse("replicas: 2", "imagePullPolicy: IfNotPresent")).isInstanceOf(Deployment.class);
    }

    @Test
    void aMisspelledFieldIsRefused() {
        assertThatThrownBy(() -> parse("replicass: 2", "imagePullPolicy: IfNotPresent"))
                .hasMessageContaining("Deployment/demo").hasMessageContaining("replicass");
    }

    @Test
    void aMisspelledFieldDeepInThePodTemplateIsRefused() {
        assertThatThrownBy(() -> parse("replicas: 2", "imagePullPolicyy: IfNotPresent")).hasMessageContaining("imagePullPolicyy");
    }

    @Test
    void aNumberWrittenAsAStringIsRefused() {
        assertThatThrownBy(() -> parse("replicas: \"2\"", "imagePullPolicy: IfNotPresent")).hasMessageContaining("Deployment/demo");
    }

    @Test
    void aNumberWhereTheApiWantsAStringIsRefused() {
        String configMap = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: demo
                data:
                  INDUO_WORKER_CONCURRENCY: 16
                """;
        assertThatThrownBy(() -> StrictModel.parse(Kustomize.parse(configMap).get(0))).hasMessageContaining("ConfigMap/demo");
    }

    @Test
    void aKindTheModelDoesNotKnowIsRefused() {
        String unknown = """
                apiVersion: apps/v1
                kind: Deploymnt
                metadata:
                  name: demo
                """;
        assertThatThrownBy(() -> StrictModel.parse(Kustomize.parse(unknown).get(0))).hasMessageContaining("not a kind");
    }

    @Test
    void customResourceSchemasRefuseUnknownFieldsAndWrongTypes() {
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: demo
                spec:
                  scaleTargetRef:
                    name: demo
                  minReplicas: 0
                  triggers:
                    - type: prometheus
                      metadata:
                        serverAddress: http://prometheus:9090
                        query: sum(up)
                        threshold: 16
                """;
        List<String> problems = CrdSchemas.validate(Kustomize.parse(scaledObject).get(0));
        assertThat(problems).anyMatch(p -> p.contains("spec.minReplicas") && p.contains("unknown field"))
                .anyMatch(p -> p.contains("threshold") && p.contains("expected string"));
    }

    @Test
    void strimziV1RefusesWhatMovedToNodePools() {
        String kafka = """
                apiVersion: kafka.strimzi.io/v1
                kind: Kafka
                metadata:
                  name: demo
                spec:
                  kafka:
                    replicas: 3
                    listeners:
                      - name: plain
                        port: "9092"
                        type: internal
                        tls: false
                """;
        List<String> problems = CrdSchemas.validate(Kustomize.parse(kafka).get(0));
        assertThat(problems).anyMatch(p -> p.contains("spec.kafka.replicas") && p.contains("unknown field"))
                .anyMatch(p -> p.contains("spec.kafka.listeners[0].port") && p.contains("expected integer"));
    }

    @Test
    void anApiVersionWithoutASchemaIsRefused() {
        String old = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata:
                  name: demo
                spec:
                  partitions: 1
                """;
        assertThat(CrdSchemas.validate(Kustomize.parse(old).get(0))).singleElement().asString().contains("no schema");
    }
}
