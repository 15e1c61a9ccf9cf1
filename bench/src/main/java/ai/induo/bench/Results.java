package ai.induo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one run, by dotted path ({@code floor.aes_gcm.cpu_ms_per_job}) in the order they were
 * measured. Written as nested JSON and printed as a table. Safe to share between threads.
 */
public final class Results {

    private final Map<String, Object> figures = Collections.synchronizedMap(new LinkedHashMap<>());

    /** Records a number. */
    public void put(String path, double value) {
        figures.put(path, value);
    }

    /** Records a text, such as a unit, a setting or why a figure is missing. */
    public void put(String path, String value) {
        figures.put(path, value);
    }

    /** A number recorded earlier in this run. */
    public Optional<Double> number(String path) {
        return figures.get(path) instanceof Double value ? Optional.of(value) : Optional.empty();
    }

    /** Every figure, in the order recorded. */
    public Map<String, Object> all() {
        synchronized (figures) {
            return new LinkedHashMap<>(figures);
        }
    }

    /** Writes the figures as nested JSON objects, one level per part of the path. */
    public void writeJson(Path file) throws IOException {
        Map<String, Object> tree = new LinkedHashMap<>();
        all().forEach((path, value) -> insert(tree, path.split("\\."), value));
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), tree);
    }

    /** Prints one line a figure: its path and its value, numbers with three significant decimals. */
    public void printTable(PrintStream out) {
        Map<String, Object> snapshot = all();
        int width = snapshot.keySet().stream().mapToInt(String::length).max().orElse(0);
        snapshot.forEach((path, value) -> out.printf(Locale.ROOT, "%-" + width + "s  %s%n", path, format(value)));
    }

    static String format(Object value) {
        if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                return number.toString();
            }
            double magnitude = Math.abs(number);
            return String.format(Locale.ROOT, magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.3f", number);
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> tree, String[] parts, Object value) {
        Map<String, Object> node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(parts[parts.length - 1], value);
    }
}
