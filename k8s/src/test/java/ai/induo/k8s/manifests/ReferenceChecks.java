package ai.induo.k8s.manifests;

import ai.induo.k8s.manifests.Rendered.PodTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What objects say about each other resolves in the render: Services, PodDisruptionBudgets and
 * monitors select pods that exist, on ports those pods open; autoscalers scale workloads that exist,
 * one autoscaler each; the Ingress sends traffic to a Service port that exists; Strimzi resources
 * name a Kafka cluster that exists.
 */
final class ReferenceChecks {

    private ReferenceChecks() {
    }

    static List<String> problems(Rendered r) {
        List<String> problems = new ArrayList<>();
        services(r, problems);
        disruptionBudgets(r, problems);
        scaleTargets(r, problems);
        serviceMonitors(r, problems);
        podMonitors(r, problems);
        ingresses(r, problems);
        strimziClusters(r, problems);
        return problems;
    }

    /** The pod templates a selector selects. */
    static List<PodTemplate> selected(Rendered r, JsonNode selector) {
        return r.podTemplates().stream().filter(t -> Rendered.selects(selector, t.labels())).toList();
    }

    /** Whether some container of the template opens this port (a name, or a number). */
    static boolean opens(PodTemplate template, JsonNode port) {
        for (ObjectNode container : template.allContainers()) {
            if (opens(container, port)) {
                return true;
            }
        }
        return false;
    }

    static boolean opens(ObjectNode container, JsonNode port) {
        for (JsonNode open : container.path("ports")) {
            if (port.isTextual() ? port.asText().equals(open.path("name").asText())
                    : port.asInt() == open.path("containerPort").asInt()) {
                return true;
            }
        }
        return false;
    }

    private static void services(Rendered r, List<String> problems) {
        for (ObjectNode service : r.ofKind("Service")) {
            JsonNode selector = service.path("spec").path("selector");
            List<PodTemplate> pods = selected(r, selector);
            if (selector.isEmpty() || pods.isEmpty()) {
                problems.add(Rendered.id(service) + ": selector " + selector + " selects no pod template in the render");
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                for (PodTemplate pod : pods) {
                    if (!opens(pod, target)) {
                        problems.add(Rendered.id(service) + ": port " + port.path("name").asText() + " targets " + target
                                + ", which no container of " + pod.id() + " opens");
                    }
                }
            }
        }
    }

    private static void disruptionBudgets(Rendered r, List<String> problems) {
        for (ObjectNode budget : r.ofKind("PodDisruptionBudget")) {
            if (selected(r, budget.path("spec").path("selector")).isEmpty()) {
                problems.add(Rendered.id(budget) + ": selector " + budget.path("spec").path("selector")
                        + " selects no pod template in the render");
            }
        }
    }

    private static void scaleTargets(Rendered r, List<String> problems) {
        Set<String> scaled = new HashSet<>();
        List<ObjectNode> scalers = new ArrayList<>(r.ofKind("HorizontalPodAutoscaler"));
        scalers.addAll(r.ofKind("ScaledObject"));
        for (ObjectNode scaler : scalers) {
            JsonNode ref = scaler.path("spec").path("scaleTargetRef");
            String target = ref.path("kind").asText("Deployment") + "/" + ref.path("name").asText();
            if (r.find(ref.path("kind").asText("Deployment"), ref.path("name").asText()).isEmpty()) {
                problems.add(Rendered.id(scaler) + ": scaleTargetRef " + target + " is not in the render");
            }
            if (!scaled.add(target)) {
                problems.add(Rendered.id(scaler) + ": " + target + " already has an autoscaler; two would fight");
            }
        }
    }

    private static void serviceMonitors(Rendered r, List<String> problems) {
        for (ObjectNode monitor : r.ofKind("ServiceMonitor")) {
            JsonNode spec = monitor.path("spec");
            List<ObjectNode> services = r.ofKind("Service").stream()
                    .filter(s -> Rendered.selects(spec.path("selector"), Rendered.strings(s.path("metadata").path("labels"))))
                    .filter(s -> inNamespaces(spec.path("namespaceSelector"), s)).toList();
            if (services.isEmpty()) {
                problems.add(Rendered.id(monitor) + ": selector " + spec.path("selector") + " selects no Service in the render");
            }
            for (JsonNode endpoint : spec.path("endpoints")) {
                for (ObjectNode service : services) {
                    boolean found = false;
                    for (JsonNode port : service.path("spec").path("ports")) {
                        found |= port.path("name").asText().equals(endpoint.path("port").asText());
                    }
                    if (!found) {
                        problems.add(Rendered.id(monitor) + ": endpoint port " + endpoint.path("port") + " is not a port of "
                                + Rendered.id(service));
                    }
                }
            }
        }
    }

    private static void podMonitors(Rendered r, List<String> problems) {
        for (ObjectNode monitor : r.ofKind("PodMonitor")) {
            List<PodTemplate> pods = selected(r, monitor.path("spec").path("selector"));
            if (pods.isEmpty()) {
                problems.add(Rendered.id(monitor) + ": selector " + monitor.path("spec").path("selector")
                        + " selects no pod template in the render");
            }
            for (JsonNode endpoint : monitor.path("spec").path("podMetricsEndpoints")) {
                for (PodTemplate pod : pods) {
                    if (!opens(pod, endpoint.path("port"))) {
                        problems.add(Rendered.id(monitor) + ": endpoint port " + endpoint.path("port") + " is not a port of "
                                + pod.id());
                    }
                }
            }
        }
    }

    private static boolean inNamespaces(JsonNode namespaceSelector, ObjectNode service) {
        if (!namespaceSelector.has("matchNames") || namespaceSelector.path("any").asBoolean(false)) {
            return true;
        }
        for (JsonNode name : namespaceSelector.path("matchNames")) {
            if (name.asText().equals(service.path("metadata").path("namespace").asText())) {
                return true;
            }
        }
        return false;
    }

    private static void ingresses(Rendered r, List<String> problems) {
        for (ObjectNode ingress : r.ofKind("Ingress")) {
            Set<String> tlsHosts = new HashSet<>();
            for (JsonNode tls : ingress.path("spec").path("tls")) {
                tls.path("hosts").forEach(h -> tlsHosts.add(h.asText()));
                PodReferences.secret(r, Rendered.id(ingress) + " tls", tls.path("secretName").asText(), Set.of("tls.crt", "tls.key"),
                        problems);
            }
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                if (!tlsHosts.contains(rule.path("host").asText())) {
                    problems.add(Rendered.id(ingress) + ": host " + rule.path("host") + " has no TLS certificate");
                }
                for (JsonNode path : rule.path("http").path("paths")) {
                    backend(r, ingress, path.path("backend").path("service"), problems);
                }
            }
        }
    }

    private static void backend(Rendered r, ObjectNode ingress, JsonNode backend, List<String> problems) {
        String name = backend.path("name").asText();
        JsonNode port = backend.path("port");
        r.find("Service", name).ifPresentOrElse(service -> {
            boolean found = false;
            for (JsonNode servicePort : service.path("spec").path("ports")) {
                found |= port.has("name") ? port.path("name").asText().equals(servicePort.path("name").asText())
                        : port.path("number").asInt() == servicePort.path("port").asInt();
            }
            if (!found) {
                problems.add(Rendered.id(ingress) + ": backend port " + port + " is not a port of Service/" + name);
            }
        }, () -> problems.add(Rendered.id(ingress) + ": backend Service/" + name + " is not in the render"));
    }

    private static void strimziClusters(Rendered r, List<String> problems) {
        for (ObjectNode object : r.all()) {
            if (!"kafka.strimzi.io".equals(StrictModel.group(object)) || "Kafka".equals(object.path("kind").asText())) {
                continue;
            }
            String cluster = object.path("metadata").path("labels").path("strimzi.io/cluster").asText("");
            if (r.find("Kafka", cluster).isEmpty()) {
                problems.add(Rendered.id(object) + ": label strimzi.io/cluster=" + cluster + " names no Kafka in the render");
            }
        }
    }

    /** The labels Strimzi puts on the pods of each rendered Kafka cluster (Kafka nodes, entity operator). */
    static List<Map<String, String>> strimziPods(Rendered r) {
        List<Map<String, String>> pods = new ArrayList<>();
        for (ObjectNode kafka : r.ofKind("Kafka")) {
            String name = kafka.path("metadata").path("name").asText();
            pods.add(Map.of("strimzi.io/cluster", name, "strimzi.io/kind", "Kafka", "strimzi.io/name", name + "-kafka",
                    "strimzi.io/component-type", "kafka"));
            pods.add(Map.of("strimzi.io/cluster", name, "strimzi.io/kind", "Kafka", "strimzi.io/name", name + "-entity-operator",
                    "strimzi.io/component-type", "entity-operator"));
        }
        return pods;
    }
}
