package ai.induo.k8s.manifests;

import static ai.induo.k8s.manifests.Schema.bool;
import static ai.induo.k8s.manifests.Schema.booleanString;
import static ai.induo.k8s.manifests.Schema.duration;
import static ai.induo.k8s.manifests.Schema.intOrString;
import static ai.induo.k8s.manifests.Schema.integer;
import static ai.induo.k8s.manifests.Schema.list;
import static ai.induo.k8s.manifests.Schema.map;
import static ai.induo.k8s.manifests.Schema.model;
import static ai.induo.k8s.manifests.Schema.numericString;
import static ai.induo.k8s.manifests.Schema.object;
import static ai.induo.k8s.manifests.Schema.oneOf;
import static ai.induo.k8s.manifests.Schema.string;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Allow-list schemas of the custom resources these manifests use, written from the projects'
 * API references: KEDA's {@code ScaledObject} (keda.sh/v1alpha1, "ScaledObject specification" and
 * the Prometheus scaler's parameters), the Prometheus operator's {@code ServiceMonitor},
 * {@code PodMonitor} and {@code PrometheusRule} (monitoring.coreos.com/v1, API reference) and, in
 * {@link StrimziSchemas}, Strimzi's v1 resources. Fields these manifests do not use are left out on
 * purpose: using one means adding it here, from the reference.
 */
final class CrdSchemas {

    private static final Schema RELABEL = object(
            "sourceLabels", list(string()), "separator", string(), "targetLabel", string(), "regex", string(),
            "modulus", integer(), "replacement", string(),
            "action", oneOf("replace", "keep", "drop", "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase",
                    "uppercase", "keepequal", "dropequal", "Replace", "Keep", "Drop", "HashMod", "LabelMap", "LabelDrop",
                    "LabelKeep", "Lowercase", "Uppercase", "KeepEqual", "DropEqual"));

    private static final Object[] SCRAPE_FIELDS = {
        "path", string(), "scheme", oneOf("http", "https", "HTTP", "HTTPS"), "params", map(list(string())),
        "interval", duration(), "scrapeTimeout", duration(), "honorLabels", bool(), "honorTimestamps", bool(),
        "trackTimestampsStaleness", bool(), "relabelings", list(RELABEL), "metricRelabelings", list(RELABEL),
        "followRedirects", bool(), "enableHttp2", bool(), "filterRunning", bool(), "proxyUrl", string()};

    private static final Schema NAMESPACE_SELECTOR = object("any", bool(), "matchNames", list(string()));

    private static final Schema SERVICE_MONITOR = object(
            "jobLabel", string(), "targetLabels", list(string()), "podTargetLabels", list(string()),
            "endpoints", list(object(concat(SCRAPE_FIELDS, "port", string(), "targetPort", intOrString()))),
            "selector", model(LabelSelector.class), "namespaceSelector", NAMESPACE_SELECTOR,
            "sampleLimit", integer(), "targetLimit", integer(), "scrapeClass", string(),
            "attachMetadata", object("node", bool())).required("selector", "endpoints");

    private static final Schema POD_MONITOR = object(
            "jobLabel", string(), "podTargetLabels", list(string()),
            "podMetricsEndpoints", list(object(concat(SCRAPE_FIELDS, "port", string(), "portNumber", integer()))),
            "selector", model(LabelSelector.class), "namespaceSelector", NAMESPACE_SELECTOR,
            "sampleLimit", integer(), "targetLimit", integer(), "scrapeClass", string(),
            "attachMetadata", object("node", bool())).required("selector", "podMetricsEndpoints");

    private static final Schema PROMETHEUS_RULE = object("groups", list(object(
            "name", string(), "interval", duration(), "query_offset", duration(), "limit", integer(),
            "partial_response_strategy", string(), "labels", map(string()),
            "rules", list(object("record", string(), "alert", string(), "expr", intOrString(), "for", duration(),
                    "keep_firing_for", duration(), "labels", map(string()), "annotations", map(string()))
                    .required("expr").exactlyOneOf("record", "alert"))).required("name", "rules")))
            .required("groups");

    private static final Schema SCALED_OBJECT = object(
            "scaleTargetRef", object("apiVersion", string(), "kind", string(), "name", string(),
                    "envSourceContainerName", string()).required("name"),
            "pollingInterval", integer(), "cooldownPeriod", integer(), "initialCooldownPeriod", integer(),
            "idleReplicaCount", integer(), "minReplicaCount", integer(), "maxReplicaCount", integer(),
            "fallback", object("failureThreshold", integer(), "replicas", integer(),
                    "behavior", oneOf("static", "currentReplicas", "currentReplicasIfHigher", "currentReplicasIfLower"))
                    .required("failureThreshold", "replicas"),
            "advanced", object("restoreToOriginalReplicaCount", bool(),
                    "horizontalPodAutoscalerConfig", object("name", string(),
                            "behavior", model(HorizontalPodAutoscalerBehavior.class)),
                    "scalingModifiers", object("formula", string(), "target", string(), "activationTarget", string(),
                            "metricType", oneOf("AverageValue", "Value"))),
            "triggers", list(object("type", string(), "name", string(), "metadata", map(string()),
                    "authenticationRef", object("name", string(), "kind", oneOf("TriggerAuthentication",
                            "ClusterTriggerAuthentication")).required("name"),
                    "metricType", oneOf("AverageValue", "Value", "Utilization"), "useCachedMetrics", bool())
                    .required("type", "metadata"))).required("scaleTargetRef", "triggers");

    /** The Prometheus scaler's metadata (KEDA scalers/prometheus): every value a string. */
    private static final Schema PROMETHEUS_TRIGGER = object(
            "serverAddress", string(), "query", string(), "threshold", numericString(),
            "activationThreshold", numericString(), "namespace", string(), "customHeaders", string(),
            "ignoreNullValues", booleanString(), "queryParameters", string(), "unsafeSsl", booleanString(),
            "timeout", numericString(), "authModes", string()).required("serverAddress", "query", "threshold");

    private static final Map<String, Schema> SPECS = Map.of(
            "keda.sh/v1alpha1 ScaledObject", SCALED_OBJECT,
            "monitoring.coreos.com/v1 ServiceMonitor", SERVICE_MONITOR,
            "monitoring.coreos.com/v1 PodMonitor", POD_MONITOR,
            "monitoring.coreos.com/v1 PrometheusRule", PROMETHEUS_RULE,
            "kafka.strimzi.io/v1 Kafka", StrimziSchemas.KAFKA,
            "kafka.strimzi.io/v1 KafkaNodePool", StrimziSchemas.NODE_POOL,
            "kafka.strimzi.io/v1 KafkaTopic", StrimziSchemas.TOPIC,
            "kafka.strimzi.io/v1 KafkaUser", StrimziSchemas.USER);

    private CrdSchemas() {
    }

    /** Whether a schema exists for this object's apiVersion and kind. */
    static boolean known(JsonNode object) {
        return SPECS.containsKey(key(object));
    }

    /** Everything in a custom resource that its schema does not allow; an unknown kind is one problem. */
    static List<String> validate(JsonNode object) {
        List<String> problems = new ArrayList<>();
        Schema spec = SPECS.get(key(object));
        if (spec == null) {
            problems.add(Rendered.id(object) + ": no schema for " + key(object) + " (known: " + SPECS.keySet() + ")");
            return problems;
        }
        Schema top = object("apiVersion", string(), "kind", string(), "metadata", model(ObjectMeta.class), "spec", spec)
                .required("apiVersion", "kind", "metadata", "spec");
        top.validate(object, Rendered.id(object), problems);
        if ("ScaledObject".equals(object.path("kind").asText())) {
            JsonNode triggers = object.path("spec").path("triggers");
            for (int i = 0; i < triggers.size(); i++) {
                if ("prometheus".equals(triggers.get(i).path("type").asText())) {
                    PROMETHEUS_TRIGGER.validate(triggers.get(i).path("metadata"),
                            Rendered.id(object) + ".spec.triggers[" + i + "].metadata", problems);
                }
            }
        }
        return problems;
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText();
    }

    private static Object[] concat(Object[] first, Object... more) {
        Object[] all = new Object[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
