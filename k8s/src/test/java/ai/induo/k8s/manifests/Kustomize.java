package ai.induo.k8s.manifests;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with {@code kubectl kustomize}, as an operator would before applying it.
 * kubectl is taken from {@code -Dinduo.kubectl}, the {@code KUBECTL} environment variable or the
 * {@code PATH}; where there is none and the build runs as root, Debian's {@code kubernetes-client}
 * is installed once with apt-get, otherwise the render fails saying how to get one. Renders are
 * cached per directory; every caller gets its own copy to change.
 */
final class Kustomize {

    private static final long TIMEOUT_SECONDS = 120;
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Map<Path, List<ObjectNode>> RENDERS = new ConcurrentHashMap<>();
    private static Path kubectl;

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize} renders from {@code k8s/<dir>}. */
    static Rendered render(String dir) {
        Path path = Repo.k8s(dir).normalize();
        List<ObjectNode> objects = RENDERS.computeIfAbsent(path, Kustomize::run);
        List<ObjectNode> copy = new ArrayList<>();
        objects.forEach(object -> copy.add(object.deepCopy()));
        return new Rendered(dir, copy);
    }

    /** Parses YAML documents, one object each (as kustomize prints them). */
    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document instanceof ObjectNode object) {
                    objects.add(object);
                } else if (document != null && !document.isNull() && !document.isMissingNode()) {
                    throw new IllegalArgumentException("a YAML document that is not an object: " + document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the rendered YAML does not parse", e);
        }
        return objects;
    }

    private static List<ObjectNode> run(Path dir) {
        Path binary = kubectl();
        Result result = exec(List.of(binary.toString(), "kustomize", dir.toString()));
        if (result.exit != 0) {
            throw new AssertionError("`" + binary + " kustomize " + dir + "` failed (exit " + result.exit + "):\n" + result.err);
        }
        return List.copyOf(parse(result.out));
    }

    /** The kubectl binary the renders use, installed once when missing and allowed. */
    static synchronized Path kubectl() {
        if (kubectl == null) {
            kubectl = locate();
        }
        return kubectl;
    }

    private static Path locate() {
        String configured = System.getProperty("induo.kubectl", System.getenv().getOrDefault("KUBECTL", ""));
        if (!configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new AssertionError("induo.kubectl / KUBECTL names " + configured + ", which is not an executable file");
            }
            return path;
        }
        Path found = onPath("kubectl");
        if (found != null) {
            return found;
        }
        if (!isRoot()) {
            throw new AssertionError("kubectl is not on the PATH and this build does not run as root, so it cannot install"
                    + " one: install Debian's kubernetes-client (apt-get install -y --no-install-recommends"
                    + " kubernetes-client), or point -Dinduo.kubectl at a kubectl binary");
        }
        Result install = exec(List.of("apt-get", "install", "-y", "--no-install-recommends", "kubernetes-client"));
        if (install.exit != 0) {
            exec(List.of("apt-get", "update"));
            install = exec(List.of("apt-get", "install", "-y", "--no-install-recommends", "kubernetes-client"));
        }
        found = onPath("kubectl");
        if (install.exit != 0 || found == null) {
            throw new AssertionError("kubectl is not on the PATH and installing Debian's kubernetes-client failed:\n" + install.err);
        }
        return found;
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isRoot() {
        Result id = exec(List.of("id", "-u"));
        return id.exit == 0 && id.out.trim().equals("0");
    }

    /** What a command printed and how it ended. */
    private record Result(int exit, String out, String err) {
    }

    private static Result exec(List<String> command) {
        try {
            Path out = Files.createTempFile("induo-k8s", ".out");
            Path err = Files.createTempFile("induo-k8s", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }
}
