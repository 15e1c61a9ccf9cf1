package ai.induo.gateway.job;

import ai.induo.common.image.ImageInfo;
import ai.induo.common.image.ImageInspector;
import ai.induo.common.image.ImageRejectedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One image of a submission: an uploaded file already on disk (multipart) or decoded bytes (JSON
 * base64). {@code field} names it in errors, e.g. {@code product_images[1]}.
 */
public record SubmittedImage(String field, Path file, byte[] bytes) {

    public static SubmittedImage ofFile(String field, Path file) {
        return new SubmittedImage(field, file, null);
    }

    public static SubmittedImage ofBytes(String field, byte[] bytes) {
        return new SubmittedImage(field, null, bytes);
    }

    ImageInfo inspect(ImageInspector inspector) throws ImageRejectedException {
        return file != null ? inspector.inspect(file) : inspector.inspect(bytes);
    }

    InputStream open() throws IOException {
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(bytes);
    }

    long size() throws IOException {
        return file != null ? Files.size(file) : bytes.length;
    }
}
