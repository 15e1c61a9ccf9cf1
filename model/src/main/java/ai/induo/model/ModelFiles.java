package ai.induo.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Writes a model built from code to disk, with its SHA-256 beside it as {@code sha256sum} writes it. */
public final class ModelFiles {

    /** Suffix of the file next to a model that holds its SHA-256, in {@code sha256sum} format. */
    public static final String SHA256_SUFFIX = ".sha256";

    private ModelFiles() {
    }

    /**
     * Writes {@code fileName} and {@code fileName.sha256} into {@code directory}, creating it if
     * needed, and returns the model's path.
     */
    public static Path write(Path directory, String fileName, byte[] model) throws IOException {
        Path created = Files.createDirectories(directory);
        Path file = created.resolve(fileName);
        Files.write(file, model);
        String checksumLine = ModelDigest.sha256Hex(model) + "  " + fileName + "\n";
        Files.writeString(created.resolve(fileName + SHA256_SUFFIX), checksumLine, StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * The {@code main} of a model builder: {@code args} must be one output directory, into which
     * the model {@code build} makes is written as {@link #write} does.
     *
     * @throws IllegalArgumentException with the usage when {@code args} is not one directory
     */
    public static Path writeFromCommandLine(String builderName, String[] args, String fileName, Supplier<byte[]> build)
            throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: " + builderName + " <output directory>");
        }
        return write(Path.of(args[0]), fileName, build.get());
    }
}
