package ai.induo.common.image;

import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;

/**
 * Finds ImageIO readers and writers by media type. TwelveMonkeys registers its WebP and JPEG
 * plugins through the service loader; where the registry missed them (a class loader that was not
 * the context one at first use) it is rescanned once.
 */
final class ImageIoPlugins {

    static {
        boolean missing = Arrays.stream(ImageFormat.values())
                .anyMatch(format -> !ImageIO.getImageReadersByMIMEType(format.mediaType()).hasNext());
        if (missing) {
            ImageIO.scanForPlugins();
        }
    }

    private ImageIoPlugins() {
    }

    /** A new reader for {@code format}; the caller disposes it. */
    static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format.mediaType()
                    + " on the class path (TwelveMonkeys imageio-webp and imageio-jpeg are needed)");
        }
        return readers.next();
    }

    /** A new writer for {@code format}; the caller disposes it. */
    static ImageWriter writerFor(ImageFormat format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(format.mediaType());
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format.mediaType());
        }
        return writers.next();
    }
}
