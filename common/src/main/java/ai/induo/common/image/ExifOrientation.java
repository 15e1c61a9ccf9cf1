package ai.induo.common.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The EXIF orientation tag (TIFF tag 274): how a camera's stored pixels must be turned to stand
 * upright. Once EXIF is stripped nothing says so any more, so an image is turned upright before
 * its EXIF goes ({@link #apply}).
 */
public enum ExifOrientation {
    /** 1: stored upright. */
    NORMAL,
    /** 2: mirrored left to right. */
    FLIP_HORIZONTAL,
    /** 3: upside down. */
    ROTATE_180,
    /** 4: mirrored top to bottom. */
    FLIP_VERTICAL,
    /** 5: mirrored about the top-left to bottom-right diagonal. */
    TRANSPOSE,
    /** 6: to be turned 90° clockwise. */
    ROTATE_90,
    /** 7: mirrored about the top-right to bottom-left diagonal. */
    TRANSVERSE,
    /** 8: to be turned 90° anticlockwise. */
    ROTATE_270;

    /** The orientation of tag value {@code value}; {@code NORMAL} for a value outside 1..8. */
    public static ExifOrientation of(int value) {
        return value >= 1 && value <= values().length ? values()[value - 1] : NORMAL;
    }

    /** The tag value, 1..8. */
    public int value() {
        return ordinal() + 1;
    }

    /** Whether turning the image upright swaps its width and height. */
    public boolean swapsDimensions() {
        return ordinal() >= TRANSPOSE.ordinal();
    }

    /**
     * The orientation in the first image directory of an EXIF block ({@code tiff}, the TIFF
     * structure after the {@code Exif\0\0} header); {@code NORMAL} when it has none or cannot be read
     * (TwelveMonkeys' TIFF reader, already on the class path for the JPEG plugin, reads it).
     */
    static ExifOrientation fromTiff(byte[] tiff) {
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(tiff))) {
            Directory directory = new TIFFReader().read(input);
            Directory first = directory instanceof CompoundDirectory compound && compound.directoryCount() > 0
                    ? compound.getDirectory(0) : directory;
            Entry entry = first.getEntryById(TIFF.TAG_ORIENTATION);
            return entry != null && entry.getValue() instanceof Number number ? of(number.intValue()) : NORMAL;
        } catch (IOException | RuntimeException e) {
            return NORMAL;
        }
    }

    /**
     * {@code image} turned upright: a new image, or {@code image} itself when it is {@code NORMAL}.
     * {@code image} must be {@link BufferedImage#TYPE_INT_RGB}, as {@link ImageCodec#decode} gives.
     */
    public BufferedImage apply(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("orientation applies to TYPE_INT_RGB images, not type " + image.getType());
        }
        if (this == NORMAL) {
            return image;
        }
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage upright = swapsDimensions()
                ? new BufferedImage(height, width, BufferedImage.TYPE_INT_RGB)
                : new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] source = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] target = ((DataBufferInt) upright.getRaster().getDataBuffer()).getData();
        int targetWidth = upright.getWidth();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                target[targetIndex(x, y, width, height, targetWidth)] = source[y * width + x];
            }
        }
        return upright;
    }

    /** Where the pixel at {@code (x, y)} of a {@code width} x {@code height} image lands once upright. */
    private int targetIndex(int x, int y, int width, int height, int targetWidth) {
        return switch (this) {
            case NORMAL -> y * targetWidth + x;
            case FLIP_HORIZONTAL -> y * targetWidth + (width - 1 - x);
            case ROTATE_180 -> (height - 1 - y) * targetWidth + (width - 1 - x);
            case FLIP_VERTICAL -> (height - 1 - y) * targetWidth + x;
            case TRANSPOSE -> x * targetWidth + y;
            case ROTATE_90 -> x * targetWidth + (height - 1 - y);
            case TRANSVERSE -> (width - 1 - x) * targetWidth + (height - 1 - y);
            case ROTATE_270 -> (width - 1 - x) * targetWidth + y;
        };
    }
}
