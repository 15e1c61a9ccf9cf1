package ai.induo.k8s.manifests;

import ai.induo.k8s.manifests.Rendered.PodTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The namespace denies all traffic by default, and every other policy is about pods that exist:
 * its pod selector and the pod selectors of its peers in the namespace select a rendered pod
 * template or the pods Strimzi makes for a rendered Kafka; the ports it opens for ingress are
 * ports those pods listen on.
 */
final class NetworkPolicyChecks {

    private NetworkPolicyChecks() {
    }

    static List<String> problems(Rendered r) {
        List<String> problems = new ArrayList<>();
        boolean denyAll = r.ofKind("NetworkPolicy").stream().anyMatch(p -> Rendered.isEmptySelector(p.path("spec").path("podSelector"))
                && p.path("spec").path("policyTypes").toString().contains("Ingress")
                && p.path("spec").path("policyTypes").toString().contains("Egress")
                && p.path("spec").path("ingress").isEmpty() && p.path("spec").path("egress").isEmpty());
        if (!denyAll) {
            problems.add(r.name() + ": no NetworkPolicy denies all ingress and egress of every pod in the namespace");
        }
        for (ObjectNode policy : r.ofKind("NetworkPolicy")) {
            JsonNode selector = policy.path("spec").path("podSelector");
            if (Rendered.isEmptySelector(selector)) {
                continue;
            }
            List<PodTemplate> pods = ReferenceChecks.selected(r, selector);
            if (pods.isEmpty() && !selectsStrimziPods(r, selector)) {
                problems.add(Rendered.id(policy) + ": podSelector " + selector + " selects no pod in the render");
            }
            for (String direction : List.of("ingress", "egress")) {
                for (JsonNode rule : policy.path("spec").path(direction)) {
                    peers(r, policy, rule.path(direction.equals("ingress") ? "from" : "to"), problems);
                    if (direction.equals("ingress")) {
                        ports(policy, pods, rule, problems);
                    }
                }
            }
        }
        return problems;
    }

    private static void peers(Rendered r, ObjectNode policy, JsonNode peers, List<String> problems) {
        for (JsonNode peer : peers) {
            if (peer.has("podSelector") && !peer.has("namespaceSelector")
                    && ReferenceChecks.selected(r, peer.path("podSelector")).isEmpty()
                    && !selectsStrimziPods(r, peer.path("podSelector"))) {
                problems.add(Rendered.id(policy) + ": peer podSelector " + peer.path("podSelector")
                        + " selects no pod in the render");
            }
        }
    }

    private static void ports(ObjectNode policy, List<PodTemplate> pods, JsonNode rule, List<String> problems) {
        for (JsonNode port : rule.path("ports")) {
            for (PodTemplate pod : pods) {
                if (!ReferenceChecks.opens(pod, port.path("port"))) {
                    problems.add(Rendered.id(policy) + ": admits port " + port.path("port") + ", which " + pod.id()
                            + " does not open");
                }
            }
        }
    }

    private static boolean selectsStrimziPods(Rendered r, JsonNode selector) {
        for (Map<String, String> labels : ReferenceChecks.strimziPods(r)) {
            if (Rendered.selects(selector, labels)) {
                return true;
            }
        }
        return false;
    }
}
