package ai.induo.k8s.manifests;

import ai.induo.k8s.manifests.Rendered.PodTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The security invariants of every pod template, which the namespace's "restricted" Pod Security
 * level also enforces at admission: no root, no privilege escalation, every capability dropped,
 * RuntimeDefault seccomp, a read-only root file system, no host namespaces or host paths, no
 * service account token; plus resources on every container, pinned images, Induo's images as UID
 * 10001 writing only to an emptyDir at /tmp; and every object in namespace induo, labelled as part
 * of Induo.
 */
final class WorkloadChecks {

    static final String NAMESPACE = "induo";
    static final long INDUO_UID = 10001;
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "PriorityClass", "StorageClass", "CustomResourceDefinition");

    private WorkloadChecks() {
    }

    static List<String> problems(Rendered r) {
        List<String> problems = new ArrayList<>();
        namespace(r, problems);
        for (PodTemplate pod : r.podTemplates()) {
            pod(pod, problems);
            for (ObjectNode container : pod.allContainers()) {
                container(pod, container, problems);
            }
        }
        return problems;
    }

    private static void namespace(Rendered r, List<String> problems) {
        List<ObjectNode> namespaces = r.ofKind("Namespace");
        if (namespaces.size() != 1 || !NAMESPACE.equals(namespaces.get(0).path("metadata").path("name").asText())) {
            problems.add(r.name() + ": renders " + namespaces.size() + " Namespaces, not exactly Namespace/" + NAMESPACE);
        } else if (!"restricted".equals(namespaces.get(0).path("metadata").path("labels")
                .path("pod-security.kubernetes.io/enforce").asText())) {
            problems.add("Namespace/" + NAMESPACE + ": does not enforce the restricted Pod Security level"
                    + " (label pod-security.kubernetes.io/enforce: restricted)");
        }
        for (ObjectNode object : r.all()) {
            String kind = object.path("kind").asText();
            String namespace = object.path("metadata").path("namespace").asText("");
            if (!CLUSTER_SCOPED.contains(kind) && !NAMESPACE.equals(namespace)) {
                problems.add(Rendered.id(object) + ": in namespace \"" + namespace + "\", not " + NAMESPACE);
            }
            if (!"induo".equals(object.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText())) {
                problems.add(Rendered.id(object) + ": lacks the label app.kubernetes.io/part-of: induo");
            }
        }
    }

    private static void pod(PodTemplate pod, List<String> problems) {
        JsonNode spec = pod.spec();
        JsonNode context = spec.path("securityContext");
        require(pod.id(), context.path("runAsNonRoot").asBoolean(false), "pod securityContext.runAsNonRoot is not true", problems);
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            require(pod.id(), !spec.path(host).asBoolean(false), host + " is set", problems);
        }
        require(pod.id(), spec.path("automountServiceAccountToken").isBoolean()
                && !spec.path("automountServiceAccountToken").asBoolean(), "mounts a service account token"
                        + " (automountServiceAccountToken is not false)", problems);
        for (JsonNode volume : spec.path("volumes")) {
            require(pod.id(), !volume.has("hostPath"), "volume " + volume.path("name").asText() + " is a hostPath", problems);
        }
    }

    private static void container(PodTemplate pod, ObjectNode container, List<String> problems) {
        String where = pod.id() + " container " + container.path("name").asText();
        JsonNode context = container.path("securityContext");
        JsonNode podContext = pod.spec().path("securityContext");
        require(where, context.path("allowPrivilegeEscalation").isBoolean() && !context.path("allowPrivilegeEscalation").asBoolean(),
                "allowPrivilegeEscalation is not false", problems);
        require(where, context.path("readOnlyRootFilesystem").asBoolean(false), "readOnlyRootFilesystem is not true", problems);
        require(where, !context.path("privileged").asBoolean(false), "is privileged", problems);
        require(where, context.path("capabilities").path("drop").toString().contains("\"ALL\""),
                "does not drop ALL capabilities", problems);
        require(where, context.path("capabilities").path("add").isEmpty(), "adds capabilities", problems);
        String seccomp = context.path("seccompProfile").path("type").asText(podContext.path("seccompProfile").path("type").asText());
        require(where, seccomp.equals("RuntimeDefault") || seccomp.equals("Localhost"), "seccomp profile is not RuntimeDefault",
                problems);
        require(where, context.path("runAsNonRoot").asBoolean(podContext.path("runAsNonRoot").asBoolean(false)),
                "runAsNonRoot is not true", problems);
        long uid = context.path("runAsUser").asLong(podContext.path("runAsUser").asLong(0));
        require(where, uid > 0, "runs as UID " + uid, problems);
        JsonNode resources = container.path("resources");
        for (String part : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                require(where, resources.path(part).has(resource), "has no resources." + part + "." + resource, problems);
            }
        }
        String image = container.path("image").asText();
        String lastPart = image.substring(image.lastIndexOf('/') + 1);
        require(where, image.contains("@sha256:") || (lastPart.contains(":") && !lastPart.endsWith(":latest")),
                "image " + image + " is not pinned to a tag or digest (or is :latest)", problems);
        if (lastPart.startsWith("induo-")) {
            require(where, uid == INDUO_UID, "Induo's images run as UID " + INDUO_UID + ", not " + uid, problems);
            tmp(pod, container, where, problems);
        }
    }

    private static void tmp(PodTemplate pod, ObjectNode container, String where, List<String> problems) {
        String volume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                volume = mount.path("name").asText();
            }
        }
        boolean emptyDir = false;
        for (JsonNode v : pod.spec().path("volumes")) {
            emptyDir |= v.path("name").asText().equals(volume) && v.has("emptyDir");
        }
        require(where, emptyDir, "has no emptyDir at /tmp, the only place Induo's images write to", problems);
    }

    private static void require(String where, boolean ok, String problem, List<String> problems) {
        if (!ok) {
            problems.add(where + ": " + problem);
        }
    }
}
