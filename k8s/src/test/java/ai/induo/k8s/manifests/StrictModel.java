package ai.induo.k8s.manifests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Set;

/**
 * fabric8's Kubernetes model, made as strict as the API server: a field the model does not know is
 * an error ({@code FAIL_ON_UNKNOWN_PROPERTIES}, with the models' catch-all
 * {@code additionalProperties} any-setters switched off, since they would swallow it), and so is a
 * value of the wrong type (no string-to-number, number-to-string or string-to-boolean coercion;
 * fabric8's lenient "Go compatible" integers, which take {@code "2"} for 2, replaced by Jackson's
 * own; its fallback of mismatched values into {@code additionalProperties} restricted to templates,
 * which are not used here).
 */
final class StrictModel {

    /** API groups of the built-in kinds, parsed into fabric8's model; anything else needs a CRD schema. */
    static final Set<String> CORE_GROUPS = Set.of("", "apps", "autoscaling", "policy", "networking.k8s.io", "batch",
            "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io");

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = create();

    private StrictModel() {
    }

    /** The API group of an object's apiVersion ("" for v1). */
    static String group(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    static boolean isCore(JsonNode object) {
        return CORE_GROUPS.contains(group(object));
    }

    /**
     * Parses a built-in object into its fabric8 model class.
     *
     * @throws IllegalArgumentException naming the object and the field when it does not fit the model
     */
    static HasMetadata parse(JsonNode object) {
        KubernetesResource parsed;
        try {
            parsed = SERIALIZATION.unmarshal(PLAIN.writeValueAsString(object));
        } catch (Exception e) {
            throw new IllegalArgumentException(Rendered.id(object) + " does not fit the Kubernetes model: " + firstLine(e));
        }
        if (!(parsed instanceof HasMetadata resource) || parsed instanceof GenericKubernetesResource) {
            throw new IllegalArgumentException(Rendered.id(object) + ": " + object.path("apiVersion").asText()
                    + " " + object.path("kind").asText() + " is not a kind the Kubernetes model knows");
        }
        return resource;
    }

    /** Parses part of a custom resource that has a Kubernetes type (a LabelSelector, ResourceRequirements, ...). */
    static <T> T parse(JsonNode node, Class<T> type) {
        try {
            return SERIALIZATION.unmarshal(PLAIN.writeValueAsString(node), type);
        } catch (Exception e) {
            throw new IllegalArgumentException("does not fit " + type.getSimpleName() + ": " + firstLine(e));
        }
    }

    private static String firstLine(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        int known = message.indexOf(", not marked as ignorable");
        return (known > 0 ? message.substring(0, known) : message).lines().findFirst().orElse(message);
    }

    private static KubernetesSerialization create() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated annotated) {
                return Boolean.FALSE;
            }
        });
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        KubernetesSerialization serialization = new KubernetesSerialization(mapper, true);
        serialization.getUnmatchedFieldTypeModule().setRestrictToTemplates(true);
        SimpleModule strictIntegers = new SimpleModule("induo-strict-integers");
        strictIntegers.addDeserializer(Integer.class, new NumberDeserializers.IntegerDeserializer(Integer.class, null));
        mapper.registerModule(strictIntegers);
        return serialization;
    }
}
