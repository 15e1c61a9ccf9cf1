package ai.induo.worker.inference;

import ai.induo.model.BundledDemoModel;
import ai.induo.model.ModelDigest;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Where the try-on model comes from, and the SHA-256 its bytes must have. */
public sealed interface ModelSource permits ModelSource.BundledDemo, ModelSource.ModelFile {

    /** The demo model bundled in the {@code induo-model} jar, checked against the SHA-256 published with it. */
    static ModelSource bundledDemo() {
        return new BundledDemo(BundledDemoModel.sha256());
    }

    /**
     * An ONNX model file pinned to a SHA-256.
     *
     * @param expectedSha256 64 hex digits, any case
     * @throws IllegalArgumentException when {@code expectedSha256} is not a SHA-256
     */
    static ModelSource file(Path path, String expectedSha256) {
        return new ModelFile(path, ModelDigest.normalizeSha256Hex(expectedSha256));
    }

    /**
     * The source that the worker settings name: the bundled demo model when no path is set, else the
     * file, which then needs its SHA-256.
     *
     * @throws ModelLoadException when only one of the two settings is present
     */
    static ModelSource of(Optional<Path> path, Optional<String> expectedSha256) {
        if (path.isEmpty()) {
            if (expectedSha256.isPresent()) {
                throw new ModelLoadException("induo.worker.model.sha256 is set but induo.worker.model.path is not; "
                        + "the bundled demo model carries its own SHA-256");
            }
            return bundledDemo();
        }
        String sha256 = expectedSha256.orElseThrow(() -> new ModelLoadException(
                "induo.worker.model.path is set to " + path.get() + " but induo.worker.model.sha256 is not; "
                        + "a model file is only loaded with the SHA-256 it must have"));
        return file(path.get(), sha256);
    }

    /** The SHA-256 (lower-case hex) the model's bytes must have. */
    String expectedSha256();

    /** The demo model bundled in the {@code induo-model} jar. */
    record BundledDemo(String expectedSha256) implements ModelSource {

        public BundledDemo {
            Objects.requireNonNull(expectedSha256, "expectedSha256");
        }

        @Override
        public String toString() {
            return "bundled demo model (classpath " + BundledDemoModel.RESOURCE + ")";
        }
    }

    /** An ONNX model file on disk. */
    record ModelFile(Path path, String expectedSha256) implements ModelSource {

        public ModelFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(expectedSha256, "expectedSha256");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
