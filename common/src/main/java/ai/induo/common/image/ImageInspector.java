package ai.induo.common.image;

import ai.induo.common.image.ImageRejectedException.Reason;
import ai.induo.common.io.FailureRecordingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Checks an uploaded image before anything decodes it: size in bytes, real format (by its leading
 * bytes, whatever the file is called), pixel count as declared in its header, and then its
 * structure ({@link ImageStructure}: a PNG's chunks and their CRCs, a JPEG's segments, a WebP's
 * RIFF size), so a truncated or damaged file is refused here rather than in the worker. No pixel is
 * decoded, so a small file declaring huge dimensions is rejected without allocating its pixels.
 * The bytes read are cached in memory only, and only until the header is read: ImageIO's file
 * cache is never used, so nothing is written to disk. Thread-safe.
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
     *     header cannot be read or its structure is truncated or damaged
     * @throws UncheckedIOException when the file itself cannot be read
     */
    public ImageInfo inspect(Path file) throws ImageRejectedException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return inspect(in, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image file " + file, e);
        }
    }

    /**
     * Inspects an image held in memory (a small upload).
     *
     * @throws ImageRejectedException when the image breaks a limit, is not JPEG, PNG or WebP, or its
     *     header cannot be read or its structure is truncated or damaged
     */
    public ImageInfo inspect(byte[] bytes) throws ImageRejectedException {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return inspect(new ByteArrayInputStream(bytes), bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read in-memory image", e);
        }
    }

    /**
     * Inspects an image of {@code size} bytes read from {@code in}, such as an upload decrypted from
     * storage as it is read. Nothing is read when {@code size} is over the limit; otherwise only as
     * far as the image's structure goes. {@code in} is left open.
     *
     * @throws ImageRejectedException when the image breaks a limit, is not JPEG, PNG or WebP, or its
     *     header cannot be read or its structure is truncated or damaged
     * @throws IOException when reading {@code in} fails
     */
    public ImageInfo inspect(InputStream in, long size) throws ImageRejectedException, IOException {
        Objects.requireNonNull(in, "in");
        checkSize(size);
        FailureRecordingInputStream source = new FailureRecordingInputStream(in);
        try (RewindableStream image = new RewindableStream(source)) {
            ImageFormat format = sniff(head(image));
            try {
                ImageInfo info = readHeader(format, image);
                ImageStructure.verify(format, image.fromStart());
                return info;
            } catch (ImageRejectedException e) {
                IOException failure = source.failure();
                if (failure != null) {
                    failure.addSuppressed(e);
                    throw failure;
                }
                throw e;
            }
        }
    }

    private void checkSize(long bytes) throws ImageRejectedException {
        if (bytes > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE,
                    "image is " + bytes + " bytes; the limit is " + limits.maxBytes() + " bytes");
        }
    }

    /** The first {@link ImageFormat#SNIFF_BYTES} bytes (fewer if the image is shorter); {@code image} is rewound. */
    private static byte[] head(ImageInputStream image) throws IOException {
        byte[] head = new byte[ImageFormat.SNIFF_BYTES];
        int length = 0;
        while (length < head.length) {
            int read = image.read(head, length, head.length - length);
            if (read < 0) {
                break;
            }
            length += read;
        }
        image.seek(0);
        return Arrays.copyOf(head, length);
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

    /**
     * An in-memory image input stream that keeps what the header reader read, whatever the reader
     * flushes, so the structure walk can start over from the first byte; once it has, it reads on as
     * a plain stream and drops what it read, so walking a large image keeps no copy of it.
     */
    private static final class RewindableStream extends MemoryCacheImageInputStream {

        private boolean rewound;

        RewindableStream(InputStream source) {
            super(source);
        }

        @Override
        public void flushBefore(long pos) throws IOException {
            if (rewound) {
                super.flushBefore(pos);
            }
        }

        /** The stream from the first byte on, read once. */
        InputStream fromStart() throws IOException {
            seek(0);
            rewound = true;
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    int b = RewindableStream.this.read();
                    flush();
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int read = RewindableStream.this.read(b, off, len);
                    flush();
                    return read;
                }
            };
        }
    }
}
