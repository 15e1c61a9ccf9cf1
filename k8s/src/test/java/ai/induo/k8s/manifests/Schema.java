package ai.induo.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A compact allow-list schema for the parts of custom resources these manifests use: objects list
 * the fields they allow (anything else is refused), scalars have a type, strings may be limited to
 * a set of values, and parts whose type is a Kubernetes one are checked by the strict fabric8
 * model. {@link #validate} collects every problem with its path.
 */
final class Schema {

    private enum Type { OBJECT, MAP, LIST, STRING, INTEGER, BOOLEAN, NUMBER, INT_OR_STRING, SCALAR, NUMERIC_STRING,
        BOOLEAN_STRING, DURATION, MODEL, ANY }

    private static final Pattern PROMETHEUS_DURATION = Pattern.compile("^(0|([0-9]+(ms|[smhdwy]))+)$");

    private final Type type;
    private final Map<String, Schema> fields;
    private final Set<String> required;
    private final Schema element;
    private final Set<String> values;
    private final Class<?> model;
    private final List<String> exactlyOne;

    private Schema(Type type, Map<String, Schema> fields, Set<String> required, Schema element, Set<String> values,
            Class<?> model, List<String> exactlyOne) {
        this.type = type;
        this.fields = fields;
        this.required = required;
        this.element = element;
        this.values = values;
        this.model = model;
        this.exactlyOne = exactlyOne;
    }

    private static Schema of(Type type) {
        return new Schema(type, Map.of(), Set.of(), null, Set.of(), null, List.of());
    }

    static Schema string() {
        return of(Type.STRING);
    }

    /** A string from a fixed set. */
    static Schema oneOf(String... allowed) {
        return new Schema(Type.STRING, Map.of(), Set.of(), null, Set.of(allowed), null, List.of());
    }

    static Schema integer() {
        return of(Type.INTEGER);
    }

    static Schema bool() {
        return of(Type.BOOLEAN);
    }

    static Schema number() {
        return of(Type.NUMBER);
    }

    static Schema intOrString() {
        return of(Type.INT_OR_STRING);
    }

    /** A string, number or boolean (free-form configuration values). */
    static Schema scalar() {
        return of(Type.SCALAR);
    }

    /** A string holding a number ({@code "16"}, {@code "0.5"}), as KEDA trigger metadata does. */
    static Schema numericString() {
        return of(Type.NUMERIC_STRING);
    }

    /** A string holding {@code true} or {@code false}. */
    static Schema booleanString() {
        return of(Type.BOOLEAN_STRING);
    }

    /** A Prometheus duration such as {@code 15s} or {@code 1h30m}. */
    static Schema duration() {
        return of(Type.DURATION);
    }

    /** A part whose type is a Kubernetes one, checked by the strict fabric8 model. */
    static Schema model(Class<?> type) {
        return new Schema(Type.MODEL, Map.of(), Set.of(), null, Set.of(), type, List.of());
    }

    /** Anything (a part these manifests leave to the operator's own validation). */
    static Schema any() {
        return of(Type.ANY);
    }

    static Schema list(Schema element) {
        return new Schema(Type.LIST, Map.of(), Set.of(), element, Set.of(), null, List.of());
    }

    /** An object with free keys and values of one schema. */
    static Schema map(Schema value) {
        return new Schema(Type.MAP, Map.of(), Set.of(), value, Set.of(), null, List.of());
    }

    /** An object with exactly these fields allowed: pairs of name and schema. */
    static Schema object(Object... nameThenSchema) {
        Map<String, Schema> allowed = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSchema.length; i += 2) {
            allowed.put((String) nameThenSchema[i], (Schema) nameThenSchema[i + 1]);
        }
        return new Schema(Type.OBJECT, allowed, Set.of(), null, Set.of(), null, List.of());
    }

    /** The same object with these fields required. */
    Schema required(String... names) {
        return new Schema(type, fields, Set.of(names), element, values, model, exactlyOne);
    }

    /** The same object with exactly one of these fields present. */
    Schema exactlyOneOf(String... names) {
        return new Schema(type, fields, required, element, values, model, List.of(names));
    }

    /** Adds to {@code problems} everything in {@code node} that this schema does not allow. */
    void validate(JsonNode node, String path, List<String> problems) {
        switch (type) {
            case OBJECT -> validateObject(node, path, problems);
            case MAP -> {
                if (expect(node.isObject(), "object", node, path, problems)) {
                    node.properties().forEach(e -> element.validate(e.getValue(), path + "." + e.getKey(), problems));
                }
            }
            case LIST -> {
                if (expect(node.isArray(), "list", node, path, problems)) {
                    for (int i = 0; i < node.size(); i++) {
                        element.validate(node.get(i), path + "[" + i + "]", problems);
                    }
                }
            }
            case STRING -> {
                if (expect(node.isTextual(), "string", node, path, problems) && !values.isEmpty()
                        && !values.contains(node.asText())) {
                    problems.add(path + ": \"" + node.asText() + "\" is not one of " + new TreeSet<>(values));
                }
            }
            case INTEGER -> expect(node.isIntegralNumber(), "integer", node, path, problems);
            case BOOLEAN -> expect(node.isBoolean(), "boolean", node, path, problems);
            case NUMBER -> expect(node.isNumber(), "number", node, path, problems);
            case INT_OR_STRING -> expect(node.isIntegralNumber() || node.isTextual(), "integer or string", node, path, problems);
            case SCALAR -> expect(node.isValueNode() && !node.isNull(), "string, number or boolean", node, path, problems);
            case NUMERIC_STRING -> expect(node.isTextual() && node.asText().matches("-?[0-9]+(\\.[0-9]+)?"),
                    "string holding a number", node, path, problems);
            case BOOLEAN_STRING -> expect(node.isTextual() && node.asText().matches("true|false"),
                    "string \"true\" or \"false\"", node, path, problems);
            case DURATION -> expect(node.isTextual() && PROMETHEUS_DURATION.matcher(node.asText()).matches(),
                    "Prometheus duration", node, path, problems);
            case MODEL -> {
                try {
                    StrictModel.parse(node, model);
                } catch (IllegalArgumentException e) {
                    problems.add(path + ": " + e.getMessage());
                }
            }
            case ANY -> {
            }
        }
    }

    private void validateObject(JsonNode node, String path, List<String> problems) {
        if (!expect(node.isObject(), "object", node, path, problems)) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            Schema schema = fields.get(field.getKey());
            if (schema == null) {
                problems.add(path + "." + field.getKey() + ": unknown field (allowed: " + String.join(", ", fields.keySet()) + ")");
            } else {
                schema.validate(field.getValue(), path + "." + field.getKey(), problems);
            }
        }
        for (String name : required) {
            if (!node.has(name)) {
                problems.add(path + ": missing required field " + name);
            }
        }
        if (!exactlyOne.isEmpty()) {
            List<String> present = new ArrayList<>(exactlyOne);
            present.removeIf(name -> !node.has(name));
            if (present.size() != 1) {
                problems.add(path + ": needs exactly one of " + exactlyOne + ", has " + present);
            }
        }
    }

    private static boolean expect(boolean ok, String expected, JsonNode node, String path, List<String> problems) {
        if (!ok) {
            problems.add(path + ": expected " + expected + ", found " + node.getNodeType().name().toLowerCase() + " " + node);
        }
        return ok;
    }
}
