package ai.induo.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every PromQL expression in the render (the ScaledObject's queries, the PrometheusRule's
 * expressions, the Grafana dashboards' panel targets) reads only metrics the code exports
 * ({@link MeterCatalog}).
 */
final class MetricChecks {

    /** An expression and where it is. */
    record Expression(String where, String expr) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricChecks() {
    }

    static List<String> problems(Rendered r, MeterCatalog catalog) {
        List<String> problems = new ArrayList<>();
        for (Expression expression : expressions(r, problems)) {
            for (String metric : PromQl.metrics(expression.expr())) {
                if (!catalog.exports(metric)) {
                    problems.add(expression.where() + ": metric " + metric + " is not exported by the code (no meter named \""
                            + metric.replace('_', '.') + "\", or that name less a Prometheus suffix, registered or held by a"
                            + " ..._METER constant in " + MeterCatalog.SOURCES + ", nor a standard metric " + MeterCatalog.STANDARD
                            + "); expression: " + expression.expr().strip());
                }
            }
        }
        return problems;
    }

    static List<Expression> expressions(Rendered r, List<String> problems) {
        List<Expression> expressions = new ArrayList<>();
        for (ObjectNode scaler : r.ofKind("ScaledObject")) {
            for (JsonNode trigger : scaler.path("spec").path("triggers")) {
                if (trigger.path("type").asText().equals("prometheus")) {
                    expressions.add(new Expression(Rendered.id(scaler) + " trigger " + trigger.path("name").asText(),
                            trigger.path("metadata").path("query").asText()));
                }
            }
        }
        for (ObjectNode rule : r.ofKind("PrometheusRule")) {
            for (JsonNode group : rule.path("spec").path("groups")) {
                for (JsonNode entry : group.path("rules")) {
                    expressions.add(new Expression(Rendered.id(rule) + " " + entry.path("alert").asText(entry.path("record").asText()),
                            entry.path("expr").asText()));
                }
            }
        }
        for (ObjectNode configMap : r.ofKind("ConfigMap")) {
            if (!configMap.path("metadata").path("labels").has("grafana_dashboard")) {
                continue;
            }
            for (Map.Entry<String, String> file : Rendered.strings(configMap.path("data")).entrySet()) {
                try {
                    collect(JSON.readTree(file.getValue()), Rendered.id(configMap) + " " + file.getKey(), "", expressions);
                } catch (IOException e) {
                    problems.add(Rendered.id(configMap) + " " + file.getKey() + ": not JSON: " + e.getMessage());
                }
            }
        }
        return expressions;
    }

    private static void collect(JsonNode node, String where, String panel, List<Expression> expressions) {
        String title = node.path("title").isTextual() ? node.path("title").asText() : panel;
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    expressions.add(new Expression(where + " panel \"" + title + "\"", field.getValue().asText()));
                } else {
                    collect(field.getValue(), where, title, expressions);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, where, title, expressions));
        }
    }
}
