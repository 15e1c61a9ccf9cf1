package ai.induo.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-cluster Kafka fits what the services expect of it (common/.../queue/kafka): the topics are
 * the ones the code names, with the dead-letter topic enabled and events kept as long as the code
 * says; replication fits the brokers; the job lease fits the share-group lock the brokers allow;
 * the brokers run Kafka 4.4 or later; and the services reach the TLS listener as their SCRAM users,
 * trusting the cluster CA.
 */
final class KafkaChecks {

    private static final String SETTINGS = "common/src/main/java/ai/induo/common/queue/kafka/KafkaQueueSettings.java";
    private static final String TOPOLOGY = "common/src/main/java/ai/induo/common/queue/kafka/KafkaTopology.java";

    private KafkaChecks() {
    }

    static List<String> problems(Rendered r) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode kafka : r.ofKind("Kafka")) {
            cluster(r, kafka, problems);
        }
        return problems;
    }

    private static void cluster(Rendered r, ObjectNode kafka, List<String> problems) {
        String name = kafka.path("metadata").path("name").asText();
        JsonNode config = kafka.path("spec").path("kafka").path("config");
        String version = kafka.path("spec").path("kafka").path("version").asText("");
        if (!version.matches("4\\.([4-9]|[1-9][0-9])\\..*|[5-9]\\..*")) {
            problems.add("Kafka/" + name + ": version " + version + " is older than 4.4, which RENEW acknowledgements need");
        }
        int brokers = 0;
        for (ObjectNode pool : r.ofKind("KafkaNodePool")) {
            if (pool.path("spec").path("roles").toString().contains("broker")) {
                brokers += pool.path("spec").path("replicas").asInt();
            }
        }
        for (String factor : List.of("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor", "share.coordinator.state.topic.replication.factor")) {
            int value = config.path(factor).asInt(3);
            if (value > brokers) {
                problems.add("Kafka/" + name + ": " + factor + "=" + value + " is more than the " + brokers + " brokers");
            }
        }
        int replicas = config.path("default.replication.factor").asInt(3);
        int minIsr = config.path("min.insync.replicas").asInt(1);
        if (minIsr > replicas || (replicas > 1 && minIsr >= replicas)) {
            problems.add("Kafka/" + name + ": min.insync.replicas=" + minIsr + " leaves no replica to lose of " + replicas);
        }
        String leaseDefault = AppSettings.javaDefault("platform/src/main/java/ai/induo/platform/config/JobsConfig.java", "lease");
        Duration lease = AppSettings.duration(r.plainEnv(r.app(ServiceChecks.WORKER).containers().get(0))
                .getOrDefault("INDUO_JOBS_LEASE", leaseDefault));
        long max = config.path("group.share.max.record.lock.duration.ms").asLong(60_000);
        long min = config.path("group.share.min.record.lock.duration.ms").asLong(15_000);
        if (lease.toMillis() > max || lease.toMillis() < min) {
            problems.add("Kafka/" + name + ": the job lease " + lease + " (induo.jobs.lease) is outside the share-group record"
                    + " lock the brokers allow, " + min + " to " + max + " ms");
        }
        topics(r, brokers, problems);
        for (String app : List.of(ServiceChecks.GATEWAY, ServiceChecks.WORKER)) {
            client(r, kafka, app, problems);
        }
    }

    private static void topics(Rendered r, int brokers, List<String> problems) {
        String jobs = constant(SETTINGS, "DEFAULT_JOBS_TOPIC");
        String events = constant(SETTINGS, "DEFAULT_EVENTS_TOPIC");
        String deadLetters = constant(SETTINGS, "DEAD_LETTER_PREFIX") + jobs;
        Map<String, ObjectNode> byTopic = new TreeMap<>();
        r.ofKind("KafkaTopic").forEach(t -> byTopic.put(t.path("spec").path("topicName")
                .asText(t.path("metadata").path("name").asText()), t));
        if (!byTopic.keySet().equals(new TreeSet<>(Set.of(jobs, events, deadLetters)))) {
            problems.add("KafkaTopics " + byTopic.keySet() + " are not the topics the code uses: " + Set.of(jobs, events, deadLetters));
        }
        for (Map.Entry<String, ObjectNode> topic : byTopic.entrySet()) {
            if (topic.getValue().path("spec").path("replicas").asInt(0) > brokers) {
                problems.add(Rendered.id(topic.getValue()) + ": more replicas than the " + brokers + " brokers");
            }
        }
        Optional.ofNullable(byTopic.get(events)).ifPresent(t -> {
            long retention = eventsRetention().toMillis();
            if (t.path("spec").path("config").path("retention.ms").asLong(-1) != retention) {
                problems.add(Rendered.id(t) + ": retention.ms is not KafkaTopology.EVENTS_RETENTION (" + retention + ")");
            }
        });
        Optional.ofNullable(byTopic.get(deadLetters)).ifPresent(t -> {
            if (!t.path("spec").path("config").path("errors.deadletterqueue.group.enable").asText().equals("true")) {
                problems.add(Rendered.id(t) + ": not enabled as a dead-letter topic (errors.deadletterqueue.group.enable)");
            }
        });
    }

    private static void client(Rendered r, ObjectNode kafka, String app, List<String> problems) {
        Rendered.PodTemplate pod = r.app(app);
        ObjectNode container = pod.containers().get(0);
        Map<String, String> env = r.plainEnv(container);
        String name = kafka.path("metadata").path("name").asText();
        String bootstrap = env.getOrDefault("INDUO_KAFKA_BOOTSTRAP_SERVERS", "");
        Matcher address = Pattern.compile("^" + Pattern.quote(name) + "-kafka-bootstrap(\\.[a-z0-9.-]+)?:([0-9]+)$").matcher(bootstrap);
        JsonNode listener = null;
        if (address.matches()) {
            for (JsonNode candidate : kafka.path("spec").path("kafka").path("listeners")) {
                listener = candidate.path("port").asText().equals(address.group(2)) ? candidate : listener;
            }
        }
        if (!"kafka".equals(env.get("INDUO_QUEUE_BACKEND")) || listener == null) {
            problems.add(pod.id() + ": does not use Kafka/" + name + " (INDUO_QUEUE_BACKEND=" + env.get("INDUO_QUEUE_BACKEND")
                    + ", INDUO_KAFKA_BOOTSTRAP_SERVERS=" + bootstrap + " is not " + name + "-kafka-bootstrap:<listener port>)");
            return;
        }
        boolean scram = "scram-sha-512".equals(listener.path("authentication").path("type").asText());
        String protocol = (scram ? "SASL_" : "") + (listener.path("tls").asBoolean() ? "SSL" : "PLAINTEXT");
        expect(pod, env, "INDUO_QUEUE_KAFKA_CLIENT_SECURITY_PROTOCOL", protocol, problems);
        if (scram) {
            expect(pod, env, "INDUO_QUEUE_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512", problems);
            boolean jaas = false;
            for (JsonNode variable : container.path("env")) {
                JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
                jaas |= variable.path("name").asText().equals("INDUO_QUEUE_KAFKA_CLIENT_SASL_JAAS_CONFIG")
                        && r.find("KafkaUser", ref.path("name").asText()).isPresent()
                        && ref.path("key").asText().equals("sasl.jaas.config");
            }
            if (!jaas) {
                problems.add(pod.id() + ": takes no SASL JAAS config from the Secret of a rendered KafkaUser");
            }
        }
        if (listener.path("tls").asBoolean()) {
            String truststore = env.getOrDefault("INDUO_QUEUE_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "");
            boolean mounted = false;
            for (JsonNode mount : container.path("volumeMounts")) {
                for (JsonNode volume : pod.spec().path("volumes")) {
                    mounted |= volume.path("name").equals(mount.path("name"))
                            && volume.path("secret").path("secretName").asText().equals(name + "-cluster-ca-cert")
                            && truststore.startsWith(mount.path("mountPath").asText() + "/");
                }
            }
            if (!mounted) {
                problems.add(pod.id() + ": truststore " + truststore + " is not in a mount of Secret " + name + "-cluster-ca-cert");
            }
        }
    }

    private static void expect(Rendered.PodTemplate pod, Map<String, String> env, String key, String value, List<String> problems) {
        if (!value.equals(env.get(key))) {
            problems.add(pod.id() + ": " + key + " is " + env.get(key) + ", the listener needs " + value);
        }
    }

    private static String constant(String source, String name) {
        Matcher matcher = Pattern.compile(name + "\\s*=\\s*\"([^\"]+)\"").matcher(AppSettings.read(source));
        if (!matcher.find()) {
            throw new AssertionError(source + " defines no String " + name);
        }
        return matcher.group(1);
    }

    private static Duration eventsRetention() {
        Matcher matcher = Pattern.compile("EVENTS_RETENTION\\s*=\\s*Duration\\.of(Days|Hours|Minutes)\\((\\d+)\\)")
                .matcher(AppSettings.read(TOPOLOGY));
        if (!matcher.find()) {
            throw new AssertionError(TOPOLOGY + " defines no EVENTS_RETENTION = Duration.ofDays/Hours/Minutes(n)");
        }
        long amount = Long.parseLong(matcher.group(2));
        return switch (matcher.group(1)) {
            case "Days" -> Duration.ofDays(amount);
            case "Hours" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
