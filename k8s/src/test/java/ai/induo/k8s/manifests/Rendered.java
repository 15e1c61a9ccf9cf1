package ai.induo.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects one kustomization renders, as JSON trees, with the look-ups the checks share. Each
 * instance holds its own copies, so a test may change them to prove a check fails.
 */
final class Rendered {

    /** A pod template and the object that holds it (Deployment, StatefulSet, ...). */
    record PodTemplate(ObjectNode owner, ObjectNode spec, Map<String, String> labels) {

        String id() {
            return Rendered.id(owner);
        }

        /** The containers and init containers. */
        List<ObjectNode> allContainers() {
            List<ObjectNode> all = new ArrayList<>(objects(spec.path("initContainers")));
            all.addAll(objects(spec.path("containers")));
            return all;
        }

        List<ObjectNode> containers() {
            return objects(spec.path("containers"));
        }

        /** The app.kubernetes.io/name label of the pods. */
        String app() {
            return labels.getOrDefault("app.kubernetes.io/name", "");
        }
    }

    private final String name;
    private final List<ObjectNode> objects;

    Rendered(String name, List<ObjectNode> objects) {
        this.name = name;
        this.objects = objects;
    }

    /** The kustomization's directory under k8s/. */
    String name() {
        return name;
    }

    List<ObjectNode> all() {
        return objects;
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<ObjectNode> find(String kind, String objectName) {
        return ofKind(kind).stream().filter(o -> objectName.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    ObjectNode get(String kind, String objectName) {
        return find(kind, objectName).orElseThrow(() -> new AssertionError(name + " renders no " + kind + "/" + objectName));
    }

    /** Every pod template of a workload kind. */
    List<PodTemplate> podTemplates() {
        List<PodTemplate> templates = new ArrayList<>();
        for (ObjectNode object : objects) {
            JsonNode template = switch (object.path("kind").asText()) {
                case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> object.path("spec").path("template");
                case "CronJob" -> object.path("spec").path("jobTemplate").path("spec").path("template");
                default -> null;
            };
            if (template != null && template.path("spec") instanceof ObjectNode spec) {
                templates.add(new PodTemplate(object, spec, strings(template.path("metadata").path("labels"))));
            }
        }
        return templates;
    }

    /** The pod template of the workload whose pods carry app.kubernetes.io/name {@code app}. */
    PodTemplate app(String app) {
        return podTemplates().stream().filter(t -> t.app().equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " renders no workload " + app));
    }

    /** The data of the ConfigMaps the pod's containers read with envFrom, merged in order. */
    Map<String, String> envFromConfigMaps(ObjectNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (ObjectNode source : objects(container.path("envFrom"))) {
            String configMap = source.path("configMapRef").path("name").asText("");
            find("ConfigMap", configMap).ifPresent(c -> env.putAll(strings(c.path("data"))));
        }
        return env;
    }

    /** The environment a container gets from its ConfigMaps and its literal env values (not Secrets). */
    Map<String, String> plainEnv(ObjectNode container) {
        Map<String, String> env = envFromConfigMaps(container);
        for (ObjectNode variable : objects(container.path("env"))) {
            if (variable.has("value")) {
                env.put(variable.path("name").asText(), variable.path("value").asText());
            }
        }
        return env;
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    static Map<String, String> strings(JsonNode map) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            values.put(entry.getKey(), entry.getValue().asText());
        }
        return values;
    }

    static List<ObjectNode> objects(JsonNode array) {
        List<ObjectNode> list = new ArrayList<>();
        array.forEach(element -> {
            if (element instanceof ObjectNode object) {
                list.add(object);
            }
        });
        return list;
    }

    /** Whether a label selector ({@code matchLabels}, {@code matchExpressions}, or a plain map) selects these labels. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        boolean plain = !selector.has("matchLabels") && !selector.has("matchExpressions");
        Map<String, String> required = strings(plain ? selector : selector.path("matchLabels"));
        for (Map.Entry<String, String> entry : required.entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        for (ObjectNode expression : objects(selector.path("matchExpressions"))) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> values.contains(labels.get(key));
                case "NotIn" -> !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether a LabelSelector is empty ({@code {}} or empty matchLabels/matchExpressions: it selects every pod). */
    static boolean isEmptySelector(JsonNode selector) {
        return selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty()
                && (selector.has("matchLabels") || selector.has("matchExpressions") || selector.isEmpty());
    }
}
