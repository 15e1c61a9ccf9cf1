package ai.induo.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The demo model that the build generates into this module's jar, and its published SHA-256. */
public final class BundledDemoModel {

    /** Classpath resource of the model file. */
    public static final String RESOURCE = "ai/induo/model/" + DemoModelBuilder.FILE_NAME;
    /** Classpath resource of its SHA-256, in {@code sha256sum} format. */
    public static final String SHA256_RESOURCE = RESOURCE + DemoModelBuilder.SHA256_SUFFIX;

    private BundledDemoModel() {
    }

    /**
     * Opens the bundled model file.
     *
     * @throws IllegalStateException when the resource is missing (the module was built without its
     *                               generation step)
     */
    public static InputStream open() {
        InputStream in = BundledDemoModel.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("Classpath resource " + RESOURCE + " is missing; build the model module "
                    + "with Maven, which generates it");
        }
        return in;
    }

    /** The SHA-256 (lower-case hex) published with the bundled model. */
    public static String sha256() {
        try (InputStream in = BundledDemoModel.class.getClassLoader().getResourceAsStream(SHA256_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Classpath resource " + SHA256_RESOURCE + " is missing; build the "
                        + "model module with Maven, which generates it");
            }
            String line = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return ModelDigest.normalizeSha256Hex(line.strip().split("\\s+", 2)[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SHA256_RESOURCE, e);
        }
    }
}
