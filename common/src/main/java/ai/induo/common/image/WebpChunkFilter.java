package ai.induo.common.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Copies a WebP without its {@code EXIF}, {@code XMP } and {@code ICCP} chunks, clearing their flags
 * in the {@code VP8X} header and setting the RIFF size to what is left. The RIFF size comes before
 * the chunks, so the image is held in memory (the caller bounds it; uploads are capped before they
 * reach here). Where the bytes do not follow the RIFF structure they are copied as they are, for the
 * structure check that follows to refuse.
 */
final class WebpChunkFilter {

    private static final int RIFF_HEADER_BYTES = 12;
    private static final int CHUNK_HEADER_BYTES = 8;
    /** The part of a RIFF file its RIFF size does not count: "RIFF" and the size itself. */
    private static final int RIFF_PREAMBLE_BYTES = 8;
    private static final String VP8X = "VP8X";
    private static final Set<String> DROPPED = Set.of("EXIF", "XMP ", "ICCP");
    /** VP8X flag bits of the dropped chunks: ICC profile, EXIF, XMP. */
    private static final int DROPPED_FLAGS = 0x20 | 0x08 | 0x04;

    private WebpChunkFilter() {
    }

    static void filter(ByteReader in, OutputStream out) throws IOException {
        byte[] webp = in.readRest();
        byte[] kept = keptChunks(webp);
        if (kept == null) {
            out.write(webp);
            return;
        }
        ByteBuffer header = ByteBuffer.allocate(RIFF_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(webp, 0, 4).putInt(kept.length + 4).put(webp, 8, 4);
        out.write(header.array());
        out.write(kept);
    }

    /** The chunks that stay, or null when {@code webp} does not hold whole chunks to exactly its RIFF size. */
    private static byte[] keptChunks(byte[] webp) {
        if (webp.length < RIFF_HEADER_BYTES) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
        long end = (bytes.getInt(4) & 0xFFFF_FFFFL) + RIFF_PREAMBLE_BYTES;
        if (end != webp.length) {
            return null;
        }
        byte[] kept = new byte[webp.length];
        int length = 0;
        int offset = RIFF_HEADER_BYTES;
        while (offset < end) {
            if (offset + CHUNK_HEADER_BYTES > end) {
                return null;
            }
            String type = new String(webp, offset, 4, StandardCharsets.ISO_8859_1);
            long size = bytes.getInt(offset + 4) & 0xFFFF_FFFFL;
            long chunkEnd = offset + CHUNK_HEADER_BYTES + size + (size & 1);
            if (chunkEnd > end) {
                return null;
            }
            if (!DROPPED.contains(type)) {
                int chunkBytes = (int) (chunkEnd - offset);
                System.arraycopy(webp, offset, kept, length, chunkBytes);
                if (type.equals(VP8X) && size > 0) {
                    kept[length + CHUNK_HEADER_BYTES] &= (byte) ~DROPPED_FLAGS;
                }
                length += chunkBytes;
            }
            offset = (int) chunkEnd;
        }
        return Arrays.copyOf(kept, length);
    }
}
