package ai.induo.k8s.manifests;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are in this checkout: the repository root, found from the module's directory. */
final class Repo {

    private static final Path ROOT = findRoot();

    private Repo() {
    }

    /** The repository root (the directory holding {@code k8s/base}). */
    static Path root() {
        return ROOT;
    }

    /** A path under the repository root. */
    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    /** A path under {@code k8s/}. */
    static Path k8s(String relative) {
        return ROOT.resolve("k8s").resolve(relative);
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("k8s/base"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no k8s/base above " + dir + ": run the tests from the repository or the k8s module");
    }
}
