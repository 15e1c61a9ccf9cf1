package ai.induo.k8s.manifests;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Secrets the pods read that no kustomization renders, with their keys and who creates them:
 * the one list the checks use, and the one k8s/README.md shows ("Secrets created outside the
 * render"), which a test keeps equal. Secret values never live in this repository.
 */
final class ProvidedOutside {

    /** Who makes a Secret; {@code requires} names the rendered object it is made for, when it has one. */
    record Secret(String name, Set<String> keys, String createdBy, Optional<String> requires) {
    }

    static final String OPERATOR = "the operator";
    static final String CERT_MANAGER = "cert-manager (gke: ClusterIssuer letsencrypt-prod) or the operator";
    static final String STRIMZI_USER = "Strimzi's User Operator, for the KafkaUser of the same name";
    static final String STRIMZI_CA = "Strimzi's Cluster Operator, for the Kafka cluster induo";

    static final List<Secret> SECRETS = List.of(
            new Secret("induo-mongodb", Set.of("gateway-uri", "worker-uri"), OPERATOR, Optional.empty()),
            new Secret("induo-gateway-secrets", Set.of("master-key", "safety-key", "training-key", "output-signing-key",
                    "smtp-username", "smtp-password"), OPERATOR, Optional.empty()),
            new Secret("induo-worker-secrets", Set.of("master-key", "safety-key"), OPERATOR, Optional.empty()),
            new Secret("induo-gateway-tls", Set.of("tls.crt", "tls.key"), CERT_MANAGER, Optional.empty()),
            new Secret("induo-gateway", Set.of("password", "sasl.jaas.config"), STRIMZI_USER,
                    Optional.of("KafkaUser/induo-gateway")),
            new Secret("induo-worker", Set.of("password", "sasl.jaas.config"), STRIMZI_USER,
                    Optional.of("KafkaUser/induo-worker")),
            new Secret("induo-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"), STRIMZI_CA,
                    Optional.of("Kafka/induo")));

    private ProvidedOutside() {
    }

    static Optional<Secret> secret(String name) {
        return SECRETS.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
