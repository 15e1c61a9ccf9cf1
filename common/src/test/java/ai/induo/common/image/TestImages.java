package ai.induo.common.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Image bytes for tests, made in memory. */
final class TestImages {

    /** A 1x1 lossless (VP8L) WebP image, the one browsers' feature tests use. */
    static final byte[] WEBP_LOSSLESS_1X1 =
            Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    /** A 1x1 lossy (VP8) WebP image. */
    static final byte[] WEBP_LOSSY_1X1 =
            Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    /** Offset of the VP8L dimension bits: RIFF header (12), chunk header (8), signature byte (1). */
    private static final int VP8L_DIMENSIONS_OFFSET = 21;

    private TestImages() {
    }

    static byte[] png(int width, int height) {
        return encode(image(width, height, BufferedImage.TYPE_INT_RGB), "png");
    }

    static byte[] jpeg(int width, int height) {
        return encode(image(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
    }

    static byte[] translucentPng(int width, int height) {
        return encode(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png");
    }

    /**
     * A PNG of only a signature, an IHDR chunk (with a correct CRC) and IEND: its header declares
     * {@code width} x {@code height} but it has no pixel data.
     */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IEND", new byte[0]);
        return png.array();
    }

    /** The lossless 1x1 WebP with its header changed to declare {@code width} x {@code height}. */
    static byte[] webpDeclaring(int width, int height) {
        byte[] webp = WEBP_LOSSLESS_1X1.clone();
        int bits = (width - 1) | (height - 1) << 14 | 1 << 28;
        ByteBuffer.wrap(webp, VP8L_DIMENSIONS_OFFSET, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(bits);
        return webp;
    }

    static BufferedImage image(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(new Color(200, 30, 60));
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        return image;
    }

    private static void chunk(ByteBuffer png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
