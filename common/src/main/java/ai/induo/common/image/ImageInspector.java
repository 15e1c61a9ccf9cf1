package ai.induo.common.image;

import ai.induo.common.image.ImageRejectedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Checks an uploaded image before anything decodes it: size in bytes, real format (by its leading
 * bytes, whatever the file is called) and pixel count as declared in its header. Only the header
 * is parsed, so a small file declaring huge dimensions is rejected without allocating its pixels.
 * Nothing is written to disk (ImageIO's file cache is not used). Thread-safe.
 */
public final class ImageInspector {

    private final ImageLimits limits;

    public ImageInspector(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Inspects an image file.
     *
     * @throws ImageRejectedException when the image breaks a limit, is not JPEG, PNG or WebP, or its
     *     header cannot be read
     * @throws UncheckedIOException when the file itself cannot be read
     */
    public ImageInfo inspect(Path file) throws ImageRejectedException {
        Objects.requireNonNull(file, "file");
        try {
            checkSize(Files.size(file));
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(ImageFormat.SNIFF_BYTES);
            }
            ImageFormat format = sniff(head);
            try (ImageInputStream image = new FileImageInputStream(file.toFile())) {
                return readHeader(format, image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image file " + file, e);
        }
    }

    /**
     * Inspects an image held in memory (a small upload).
     *
     * @throws ImageRejectedException when the image breaks a limit, is not JPEG, PNG or WebP, or its
     *     header cannot be read
     */
    public ImageInfo inspect(byte[] bytes) throws ImageRejectedException {
        Objects.requireNonNull(bytes, "bytes");
        checkSize(bytes.length);
        ImageFormat format = sniff(Arrays.copyOf(bytes, Math.min(bytes.length, ImageFormat.SNIFF_BYTES)));
        try (ImageInputStream image = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return readHeader(format, image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read in-memory image", e);
        }
    }

    private void checkSize(long bytes) throws ImageRejectedException {
        if (bytes > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE,
                    "image is " + bytes + " bytes; the limit is " + limits.maxBytes() + " bytes");
        }
    }

    private static ImageFormat sniff(byte[] head) throws ImageRejectedException {
        return ImageFormat.sniff(head).orElseThrow(() -> new ImageRejectedException(Reason.UNSUPPORTED_FORMAT,
                "image is not in a supported format (JPEG, PNG or WebP)"));
    }

    /** Reads width and height from the header only; closing {@code image} is left to the caller. */
    private ImageInfo readHeader(ImageFormat format, ImageInputStream image) throws ImageRejectedException {
        ImageReader reader = ImageIoPlugins.readerFor(format);
        int width;
        int height;
        try {
            reader.setInput(image, true, true);
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(Reason.CORRUPT, "the " + format + " image header cannot be read", e);
        } finally {
            reader.dispose();
        }
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException(Reason.CORRUPT,
                    "the " + format + " image header declares " + width + "x" + height + " pixels");
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "image is " + width + "x" + height + " ("
                    + pixels + " pixels); the limit is " + limits.maxPixels() + " pixels");
        }
        return new ImageInfo(format, width, height);
    }
}
