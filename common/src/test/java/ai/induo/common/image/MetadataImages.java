package ai.induo.common.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Images carrying what a phone or an editor puts in them besides pixels (GPS EXIF, XMP, ICC
 * profiles, comments, text chunks), built byte by byte so tests know every byte that must go.
 * Shared with other modules' tests through common's test jar.
 */
public final class MetadataImages {

    /** The camera owner's name written into every EXIF, XMP, comment and text chunk here. */
    public static final String SECRET = "Jane Roe, 42 Secret Street";
    /** The GPS latitude seconds as their EXIF RATIONAL bytes (1234/100), to search for. */
    public static final byte[] GPS_SECONDS = ByteBuffer.allocate(8).putInt(1234).putInt(100).array();

    private static final int JPEG_SOI_BYTES = 2;
    private static final int PNG_SIGNATURE_BYTES = 8;
    private static final int PNG_IHDR_BYTES = 25;

    private MetadataImages() {
    }

    /**
     * {@code jpeg} with, after its start-of-image marker, an EXIF segment (orientation
     * {@code orientation}, the artist {@link #SECRET} and a GPS position), an XMP segment, an ICC
     * profile segment and a comment, and a trailer after its end.
     */
    public static byte[] jpegWithMetadata(byte[] jpeg, int orientation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, JPEG_SOI_BYTES);
        segment(out, 0xE1, concat(ascii("Exif\0\0"), exifTiff(orientation)));
        segment(out, 0xE1, ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>" + SECRET + "</dc:creator></x:xmpmeta>"));
        segment(out, 0xE2, ascii("ICC_PROFILE\0\u0001\u0001" + SECRET));
        segment(out, 0xFE, ascii(SECRET));
        out.write(jpeg, JPEG_SOI_BYTES, jpeg.length - JPEG_SOI_BYTES);
        out.writeBytes(ascii("trailer " + SECRET));
        return out.toByteArray();
    }

    /**
     * {@code png} with {@code tEXt}, {@code zTXt}, {@code iTXt}, {@code eXIf}, {@code iCCP} and
     * {@code tIME} chunks after its {@code IHDR}, all holding {@link #SECRET}, and a trailer after
     * its {@code IEND}.
     */
    public static byte[] pngWithMetadata(byte[] png) {
        int afterHeader = PNG_SIGNATURE_BYTES + PNG_IHDR_BYTES;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        pngChunk(out, "tEXt", ascii("Author\0" + SECRET));
        pngChunk(out, "zTXt", ascii("Comment\0\0" + SECRET));
        pngChunk(out, "iTXt", ascii("Description\0\0\0\0\0" + SECRET));
        pngChunk(out, "eXIf", exifTiff(1));
        pngChunk(out, "iCCP", ascii("profile\0\0" + SECRET));
        pngChunk(out, "tIME", new byte[] {0x07, (byte) 0xEA, 12, 3, 10, 20, 30});
        out.write(png, afterHeader, png.length - afterHeader);
        out.writeBytes(ascii("trailer " + SECRET));
        return out.toByteArray();
    }

    /**
     * A WebP with a {@code VP8X} header flagging an ICC profile, EXIF and XMP, an {@code ICCP}
     * chunk, the lossless 1x1 image and {@code EXIF} and {@code XMP } chunks holding {@link #SECRET}.
     */
    public static byte[] webpWithMetadata() {
        byte[] lossless = Arrays.copyOfRange(TestImages.WEBP_LOSSLESS_1X1, 12, TestImages.WEBP_LOSSLESS_1X1.length);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        webpChunk(chunks, "VP8X", new byte[] {0x2C, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        webpChunk(chunks, "ICCP", ascii(SECRET));
        chunks.writeBytes(lossless);
        webpChunk(chunks, "EXIF", exifTiff(1));
        webpChunk(chunks, "XMP ", ascii("<x:xmpmeta>" + SECRET + "</x:xmpmeta>"));
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .put(ascii("RIFF")).putInt(chunks.size() + 4).put(ascii("WEBP"));
        return concat(header.array(), chunks.toByteArray());
    }

    /** The types of a PNG's chunks, in order. */
    public static List<String> pngChunkTypes(byte[] png) {
        ByteBuffer bytes = ByteBuffer.wrap(png);
        List<String> types = new ArrayList<>();
        int offset = PNG_SIGNATURE_BYTES;
        while (offset + 8 <= png.length) {
            int length = bytes.getInt(offset);
            String type = new String(png, offset + 4, 4, StandardCharsets.ISO_8859_1);
            types.add(type);
            offset += 12 + length;
            if (type.equals("IEND")) {
                break;
            }
        }
        return types;
    }

    /** The markers of a JPEG's segments before its first scan, e.g. {@code 0xE0} for APP0. */
    public static List<Integer> jpegSegmentMarkers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int offset = JPEG_SOI_BYTES;
        while (offset + 4 <= jpeg.length && (jpeg[offset] & 0xFF) == 0xFF) {
            int marker = jpeg[offset + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            offset += 2 + ((jpeg[offset + 2] & 0xFF) << 8 | jpeg[offset + 3] & 0xFF);
        }
        return markers;
    }

    /** Whether {@code haystack} holds {@code needle} anywhere. */
    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A big-endian TIFF block as EXIF holds it: IFD0 with the orientation, the artist
     * {@link #SECRET} and a pointer to a GPS directory with latitude 52° 31' 12.34" N.
     */
    static byte[] exifTiff(int orientation) {
        byte[] artist = ascii(SECRET + "\0");
        int ifd0 = 8;
        int artistAt = ifd0 + 2 + 3 * 12 + 4;
        int gpsAt = artistAt + artist.length + (artist.length & 1);
        int rationalsAt = gpsAt + 2 + 2 * 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(rationalsAt + 3 * 8);
        tiff.put(ascii("MM")).putShort((short) 42).putInt(ifd0);
        tiff.putShort((short) 3);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x013B).putShort((short) 2).putInt(artist.length).putInt(artistAt);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gpsAt);
        tiff.putInt(0);
        tiff.put(artist).position(gpsAt);
        tiff.putShort((short) 2);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(ascii("N\0\0\0"));
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(rationalsAt);
        tiff.putInt(0);
        tiff.putInt(52).putInt(1).putInt(31).putInt(1).put(GPS_SECONDS);
        return tiff.array();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] content) {
        out.write(0xFF);
        out.write(marker);
        out.write((content.length + 2) >>> 8);
        out.write(content.length + 2);
        out.writeBytes(content);
    }

    private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(ascii(type));
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(8).putInt(data.length).put(ascii(type)).array());
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void webpChunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).put(ascii(type)).putInt(data.length).array());
        out.writeBytes(data);
        if ((data.length & 1) == 1) {
            out.write(0);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
