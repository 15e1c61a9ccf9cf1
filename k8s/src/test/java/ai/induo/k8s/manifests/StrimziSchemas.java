package ai.induo.k8s.manifests;

import static ai.induo.k8s.manifests.Schema.bool;
import static ai.induo.k8s.manifests.Schema.integer;
import static ai.induo.k8s.manifests.Schema.list;
import static ai.induo.k8s.manifests.Schema.map;
import static ai.induo.k8s.manifests.Schema.model;
import static ai.induo.k8s.manifests.Schema.object;
import static ai.induo.k8s.manifests.Schema.oneOf;
import static ai.induo.k8s.manifests.Schema.scalar;
import static ai.induo.k8s.manifests.Schema.string;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

/**
 * Allow-list schemas of Strimzi's v1 custom resources ({@code kafka.strimzi.io/v1}, the only API of
 * Strimzi 1.0; the Strimzi API reference: KafkaSpec, KafkaClusterSpec, GenericKafkaListener,
 * EntityOperatorSpec, KafkaNodePoolSpec, JbodStorage, KafkaTopicSpec, KafkaUserSpec). In v1 a
 * Kafka's replicas and storage live only in its KafkaNodePools, and ZooKeeper is gone.
 */
final class StrimziSchemas {

    private static final Schema JVM = object("-Xms", string(), "-Xmx", string(), "-XX", map(string()),
            "gcLoggingEnabled", bool(), "javaSystemProperties", list(object("name", string(), "value", string())));

    private static final Schema LOGGING = object("type", oneOf("inline", "external"), "loggers", map(string()));

    private static final Schema LISTENER = object(
            "name", string(), "port", integer(),
            "type", oneOf("internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"),
            "tls", bool(), "authentication", object("type", oneOf("tls", "scram-sha-512", "custom")).required("type"),
            "networkPolicyPeers", list(model(NetworkPolicyPeer.class))).required("name", "port", "type", "tls");

    private static final Schema ENTITY_OPERATOR_PART = object("watchedNamespace", string(), "image", string(),
            "reconciliationIntervalMs", integer(), "resources", model(ResourceRequirements.class), "jvmOptions", JVM,
            "logging", LOGGING);

    private static final Schema CA = object("generateCertificateAuthority", bool(), "generateSecretOwnerReference", bool(),
            "validityDays", integer(), "renewalDays", integer(), "certificateExpirationPolicy",
            oneOf("renew-certificate", "replace-key"));

    /** Kafka: the cluster-wide settings; the nodes are in KafkaNodePools. */
    static final Schema KAFKA = object(
            "kafka", object("version", string(), "metadataVersion", string(), "image", string(),
                    "listeners", list(LISTENER), "config", map(scalar()),
                    "authorization", object("type", oneOf("simple", "custom"), "superUsers", list(string())).required("type"),
                    "rack", object("topologyKey", string()).required("topologyKey"),
                    "resources", model(ResourceRequirements.class), "jvmOptions", JVM, "logging", LOGGING)
                    .required("listeners"),
            "entityOperator", object("topicOperator", ENTITY_OPERATOR_PART, "userOperator", ENTITY_OPERATOR_PART),
            "clusterCa", CA, "clientsCa", CA, "maintenanceTimeWindows", list(string())).required("kafka");

    private static final Schema VOLUME = object("id", integer(), "type", oneOf("ephemeral", "persistent-claim"),
            "size", string(), "sizeLimit", string(), "class", string(), "deleteClaim", bool(),
            "kraftMetadata", oneOf("shared"), "selector", map(string())).required("id", "type");

    /** KafkaNodePool: a group of nodes with the same roles, storage and resources. */
    static final Schema NODE_POOL = object(
            "replicas", integer(), "roles", list(oneOf("controller", "broker")),
            "storage", object("type", oneOf("ephemeral", "persistent-claim", "jbod"), "volumes", list(VOLUME),
                    "size", string(), "sizeLimit", string(), "class", string(), "deleteClaim", bool(),
                    "kraftMetadata", oneOf("shared")).required("type"),
            "resources", model(ResourceRequirements.class), "jvmOptions", JVM).required("replicas", "roles", "storage");

    /** KafkaTopic, managed by the Topic Operator. */
    static final Schema TOPIC = object("topicName", string(), "partitions", integer(), "replicas", integer(),
            "config", map(scalar()));

    /** KafkaUser, managed by the User Operator (which writes its credentials into a Secret of the same name). */
    static final Schema USER = object(
            "authentication", object("type", oneOf("tls", "tls-external", "scram-sha-512"),
                    "password", object("valueFrom", object("secretKeyRef", model(SecretKeySelector.class)))).required("type"),
            "quotas", object("producerByteRate", integer(), "consumerByteRate", integer(), "requestPercentage", integer(),
                    "controllerMutationRate", Schema.number()));

    private StrimziSchemas() {
    }
}
