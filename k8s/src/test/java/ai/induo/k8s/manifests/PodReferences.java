package ai.induo.k8s.manifests;

import ai.induo.k8s.manifests.Rendered.PodTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the pods read resolves: every ConfigMap they name is rendered and holds the keys they take;
 * every Secret is rendered or in {@link ProvidedOutside} with those keys (and, when something else
 * makes it, that something is rendered); service accounts, volume claims, volumes and probe ports
 * exist.
 */
final class PodReferences {

    private PodReferences() {
    }

    static List<String> problems(Rendered r) {
        List<String> problems = new ArrayList<>();
        for (PodTemplate pod : r.podTemplates()) {
            String account = pod.spec().path("serviceAccountName").asText("default");
            if (!account.equals("default") && r.find("ServiceAccount", account).isEmpty()) {
                problems.add(pod.id() + ": ServiceAccount/" + account + " is not in the render");
            }
            Set<String> volumes = volumes(r, pod, problems);
            for (ObjectNode container : pod.allContainers()) {
                String where = pod.id() + " container " + container.path("name").asText();
                environment(r, where, container, problems);
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (!volumes.contains(mount.path("name").asText())) {
                        problems.add(where + ": mounts volume " + mount.path("name") + ", which the pod does not have");
                    }
                }
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    JsonNode handler = container.path(probe);
                    JsonNode port = handler.path("httpGet").has("port") ? handler.path("httpGet").path("port")
                            : handler.path("tcpSocket").path("port");
                    if (!port.isMissingNode() && !ReferenceChecks.opens(container, port)) {
                        problems.add(where + ": " + probe + " port " + port + " is not a port of the container");
                    }
                }
            }
        }
        return problems;
    }

    private static void environment(Rendered r, String where, ObjectNode container, List<String> problems) {
        for (JsonNode source : container.path("envFrom")) {
            if (source.has("configMapRef")) {
                configMap(r, where, source.path("configMapRef").path("name").asText(), Set.of(), problems);
            }
            if (source.has("secretRef")) {
                secret(r, where, source.path("secretRef").path("name").asText(), Set.of(), problems);
            }
        }
        for (JsonNode variable : container.path("env")) {
            JsonNode from = variable.path("valueFrom");
            String what = where + " env " + variable.path("name").asText();
            if (from.has("configMapKeyRef")) {
                configMap(r, what, from.path("configMapKeyRef").path("name").asText(),
                        Set.of(from.path("configMapKeyRef").path("key").asText()), problems);
            }
            if (from.has("secretKeyRef")) {
                secret(r, what, from.path("secretKeyRef").path("name").asText(),
                        Set.of(from.path("secretKeyRef").path("key").asText()), problems);
            }
        }
    }

    private static Set<String> volumes(Rendered r, PodTemplate pod, List<String> problems) {
        Set<String> names = new HashSet<>();
        pod.owner().path("spec").path("volumeClaimTemplates").forEach(t -> names.add(t.path("metadata").path("name").asText()));
        for (JsonNode volume : pod.spec().path("volumes")) {
            String where = pod.id() + " volume " + volume.path("name").asText();
            names.add(volume.path("name").asText());
            if (volume.has("configMap")) {
                configMap(r, where, volume.path("configMap").path("name").asText(), keys(volume.path("configMap")), problems);
            }
            if (volume.has("secret")) {
                secret(r, where, volume.path("secret").path("secretName").asText(), keys(volume.path("secret")), problems);
            }
            for (JsonNode projected : volume.path("projected").path("sources")) {
                if (projected.has("configMap")) {
                    configMap(r, where, projected.path("configMap").path("name").asText(), keys(projected.path("configMap")),
                            problems);
                }
                if (projected.has("secret")) {
                    secret(r, where, projected.path("secret").path("name").asText(), keys(projected.path("secret")), problems);
                }
            }
            if (volume.has("persistentVolumeClaim")) {
                String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
                if (r.find("PersistentVolumeClaim", claim).isEmpty()) {
                    problems.add(where + ": PersistentVolumeClaim/" + claim + " is not in the render");
                }
            }
        }
        return names;
    }

    private static Set<String> keys(JsonNode source) {
        Set<String> keys = new HashSet<>();
        source.path("items").forEach(item -> keys.add(item.path("key").asText()));
        return keys;
    }

    static void configMap(Rendered r, String where, String name, Set<String> keys, List<String> problems) {
        Optional<ObjectNode> configMap = r.find("ConfigMap", name);
        if (configMap.isEmpty()) {
            problems.add(where + ": ConfigMap/" + name + " is not in the render (no ConfigMap is created outside it)");
            return;
        }
        for (String key : keys) {
            if (!configMap.get().path("data").has(key) && !configMap.get().path("binaryData").has(key)) {
                problems.add(where + ": ConfigMap/" + name + " has no key " + key);
            }
        }
    }

    /** A Secret is rendered with these keys, or is in the list of those made outside the render. */
    static void secret(Rendered r, String where, String name, Set<String> keys, List<String> problems) {
        Optional<ObjectNode> rendered = r.find("Secret", name);
        if (rendered.isPresent()) {
            for (String key : keys) {
                if (!rendered.get().path("data").has(key) && !rendered.get().path("stringData").has(key)) {
                    problems.add(where + ": Secret/" + name + " has no key " + key);
                }
            }
            return;
        }
        Optional<ProvidedOutside.Secret> provided = ProvidedOutside.secret(name);
        if (provided.isEmpty()) {
            problems.add(where + ": Secret/" + name + " is neither rendered nor in the list of Secrets created outside the"
                    + " render (ProvidedOutside, k8s/README.md)");
            return;
        }
        for (String key : keys) {
            if (!provided.get().keys().contains(key)) {
                problems.add(where + ": Secret/" + name + " (created by " + provided.get().createdBy() + ") is documented"
                        + " without the key " + key + "; it has " + provided.get().keys());
            }
        }
        provided.get().requires().ifPresent(required -> {
            String[] kindAndName = required.split("/", 2);
            if (r.find(kindAndName[0], kindAndName[1]).isEmpty()) {
                problems.add(where + ": Secret/" + name + " is made by " + provided.get().createdBy() + ", but " + required
                        + " is not in the render");
            }
        });
    }
}
