package ai.induo.common.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Copies a PNG keeping only the chunks its pixels need: the critical ones ({@code IHDR},
 * {@code PLTE}, {@code IDAT}, {@code IEND}) and {@code tRNS} (transparency). Everything else goes,
 * text ({@code tEXt}, {@code zTXt}, {@code iTXt}), EXIF ({@code eXIf}), ICC profiles ({@code iCCP}),
 * times ({@code tIME}) and any private chunk, as do bytes after {@code IEND}. Kept chunks are copied
 * byte for byte, CRCs included, so the structure check that follows still verifies them.
 */
final class PngChunkFilter {

    private static final int SIGNATURE_BYTES = 8;
    /** Length and type. */
    private static final int CHUNK_HEADER_BYTES = 8;
    private static final int CRC_BYTES = 4;
    private static final String END = "IEND";
    private static final Set<String> KEPT = Set.of("IHDR", "PLTE", "IDAT", END, "tRNS");

    private PngChunkFilter() {
    }

    static void filter(ByteReader in, OutputStream out) throws IOException {
        byte[] signature = new byte[SIGNATURE_BYTES];
        int read = in.readFully(signature);
        out.write(signature, 0, read);
        if (read < SIGNATURE_BYTES) {
            return;
        }
        byte[] header = new byte[CHUNK_HEADER_BYTES];
        while (true) {
            read = in.readFully(header);
            if (read < CHUNK_HEADER_BYTES) {
                out.write(header, 0, read);
                return;
            }
            long length = (header[0] & 0xFFL) << 24 | (header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8 | header[3] & 0xFF;
            String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
            if (KEPT.contains(type)) {
                out.write(header);
                in.copy(length + CRC_BYTES, out);
            } else {
                in.skip(length + CRC_BYTES);
            }
            if (type.equals(END)) {
                return;
            }
        }
    }
}
