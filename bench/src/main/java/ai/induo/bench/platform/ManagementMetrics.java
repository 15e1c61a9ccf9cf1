package ai.induo.bench.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * One service's {@code /q/metrics} on its management port, in the Prometheus text format: a
 * figure is the sum of a metric's samples whose labels include a given {@code name="value"}.
 */
public final class ManagementMetrics {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI metrics;

    public ManagementMetrics(URI management) {
        this.metrics = management.resolve("/q/metrics");
    }

    /** The current metrics page. */
    public String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + metrics + " answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * The sum of {@code metric}'s samples that carry {@code label} (such as {@code area="heap"}; empty
     * for all), or empty when the page has no such sample.
     */
    public static OptionalDouble sum(String page, String metric, String label) {
        double sum = 0;
        boolean found = false;
        for (String line : page.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            boolean labelled = rest.startsWith("{");
            if (!labelled && !rest.startsWith(" ")) {
                continue;
            }
            int valueStart = labelled ? rest.indexOf('}') + 1 : 0;
            if (labelled && !rest.substring(0, valueStart).contains(label)) {
                continue;
            }
            if (!labelled && !label.isEmpty()) {
                continue;
            }
            String[] value = rest.substring(valueStart).trim().split("\\s+");
            sum += Double.parseDouble(value[0]);
            found = true;
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }
}
