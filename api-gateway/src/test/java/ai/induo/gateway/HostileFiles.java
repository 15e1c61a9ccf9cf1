package ai.induo.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Files that pretend to be images: headers of decompression bombs, other formats, polyglots. */
public final class HostileFiles {

    public static final byte[] HTML = ascii("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");
    public static final byte[] PDF = ascii("%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n");
    public static final byte[] SVG = ascii("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"9\" height=\"9\"/></svg>");
    /** Valid as a GIF header and as JavaScript: the classic GIF/JS polyglot. */
    public static final byte[] GIF_JAVASCRIPT = ascii("GIF89a/*\u0001\u0001\u0000\u0000\u0000\u0000*/=alert(document.domain);//;");
    /** A JPEG's start-of-image marker, then an HTML page. */
    public static final byte[] JPEG_HTML = concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}, HTML);
    /** A PNG's signature, then a PHP script. */
    public static final byte[] PNG_PHP = concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
            ascii("<?php system($_GET['c']); ?>"));

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int PNG_IHDR_LENGTH = 13;
    private static final int PNG_BIT_DEPTH = 8;
    private static final int PNG_COLOR_TYPE_RGB = 2;
    private static final int VP8L_SIGNATURE = 0x2f;
    private static final int VP8L_DIMENSION_BITS = 14;
    /** The VP8L signature and header, and zeros for the bits a reader fetches ahead. */
    private static final int VP8L_CHUNK_BYTES = 16;
    /** The largest width and height a lossless WebP can declare. */
    public static final int WEBP_MAX_DIMENSION = 1 << VP8L_DIMENSION_BITS;

    private HostileFiles() {
    }

    /** A PNG signature and an IHDR chunk declaring the given size, and nothing else: a decompression bomb's header. */
    public static byte[] pngDeclaring(int width, int height) {
        ByteBuffer chunk = ByteBuffer.allocate(4 + PNG_IHDR_LENGTH);
        chunk.put(ascii("IHDR")).putInt(width).putInt(height).put((byte) PNG_BIT_DEPTH).put((byte) PNG_COLOR_TYPE_RGB)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(chunk.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(PNG_IHDR_LENGTH).array());
        out.writeBytes(chunk.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    /**
     * The RIFF container and the header of a lossless (VP8L) WebP declaring the given size (1 to
     * {@value #WEBP_MAX_DIMENSION} each), followed by zeros instead of image data.
     */
    public static byte[] webpDeclaring(int width, int height) {
        int dimensions = (width - 1) | (height - 1) << VP8L_DIMENSION_BITS;
        ByteBuffer vp8l = ByteBuffer.allocate(VP8L_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) VP8L_SIGNATURE).putInt(dimensions);
        ByteBuffer webp = ByteBuffer.allocate(20 + vp8l.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        webp.put(ascii("RIFF")).putInt(webp.capacity() - 8).put(ascii("WEBP"))
                .put(ascii("VP8L")).putInt(vp8l.capacity()).put(vp8l.array());
        return webp.array();
    }

    /** {@code first} followed by {@code second}. */
    public static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
