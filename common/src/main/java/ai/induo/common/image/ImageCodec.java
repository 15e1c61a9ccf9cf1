package ai.induo.common.image;

import ai.induo.common.image.ImageRejectedException.Reason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Decodes accepted images to pixels and encodes results as PNG (and uprighted photos as JPEG), in memory only (ImageIO's disk
 * cache is never used, so decrypted images do not reach temporary files).
 */
public final class ImageCodec {

    /** Quality of re-encoded JPEGs: high enough that turning a photo upright loses no visible detail. */
    public static final float JPEG_QUALITY = 0.92f;

    private ImageCodec() {
    }

    /**
     * Decodes an image within {@link ImageLimits#defaults()}.
     *
     * @see #decode(InputStream, ImageLimits)
     */
    public static BufferedImage decode(InputStream in) throws ImageRejectedException, IOException {
        return decode(in, ImageLimits.defaults());
    }

    /**
     * Reads a JPEG, PNG or WebP image from {@code in} and decodes it to {@link
     * BufferedImage#TYPE_INT_RGB} (transparent areas become white). The encoded bytes (at most
     * {@code limits.maxBytes()}) are read first and the header is checked against {@code limits}
     * before any pixel is decoded.
     *
     * @throws ImageRejectedException when the image breaks a limit, is in another format or cannot
     *     be decoded
     * @throws IOException when {@code in} itself fails
     */
    public static BufferedImage decode(InputStream in, ImageLimits limits) throws ImageRejectedException, IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(limits, "limits");
        byte[] bytes = in.readNBytes((int) Math.min(limits.maxBytes() + 1, Integer.MAX_VALUE - 8));
        ImageInfo info = new ImageInspector(limits).inspect(bytes);
        ImageReader reader = ImageIoPlugins.readerFor(info.format());
        try (ImageInputStream image = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(image, true, true);
            return toRgb(reader.read(0));
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(Reason.CORRUPT, "the " + info.format() + " image cannot be decoded", e);
        } finally {
            reader.dispose();
        }
    }

    /** Encodes {@code image} as PNG to {@code out}, which is left open. */
    public static void writePng(BufferedImage image, OutputStream out) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(out, "out");
        ImageWriter writer = ImageIoPlugins.writerFor(ImageFormat.PNG);
        try (ImageOutputStream png = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(png);
            writer.write(new IIOImage(image, null, null));
        } finally {
            writer.dispose();
        }
        out.flush();
    }

    /**
     * Encodes {@code image} as a baseline JFIF JPEG at {@link #JPEG_QUALITY} to {@code out}, which
     * is left open. Nothing but the JFIF header and the pixels is written.
     */
    public static void writeJpeg(BufferedImage image, OutputStream out) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(out, "out");
        ImageWriter writer = ImageIoPlugins.writerFor(ImageFormat.JPEG);
        try (ImageOutputStream jpeg = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.setOutput(jpeg);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        out.flush();
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            graphics.drawImage(image, 0, 0, Color.WHITE, null);
        } finally {
            graphics.dispose();
        }
        return rgb;
    }
}
