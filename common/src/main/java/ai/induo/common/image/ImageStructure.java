package ai.induo.common.image;

import ai.induo.common.image.ImageRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Walks the container structure of an image from its first byte to its end marker without
 * decoding a pixel, so that a file cut off or damaged after its header is refused before anything
 * relies on it. PNG: every chunk, its CRC checked, through {@code IEND}. JPEG: every segment and
 * the entropy-coded data between them, through {@code EOI}. WebP: every chunk of the RIFF
 * container, which must be exactly as long as its RIFF size says. Bytes after a PNG's {@code IEND}
 * or a JPEG's {@code EOI} are not read (cameras append data there); a WebP has none. Memory use is
 * one small buffer, whatever the image's size.
 */
final class ImageStructure {

    private static final int BUFFER_BYTES = 8 * 1024;

    private static final int PNG_SIGNATURE_BYTES = 8;
    private static final int PNG_IEND = fourCc("IEND");

    private static final int JPEG_MARKER = 0xFF;
    private static final int JPEG_SOI = 0xD8;
    private static final int JPEG_EOI = 0xD9;
    private static final int JPEG_SOS = 0xDA;
    private static final int JPEG_TEM = 0x01;
    private static final int JPEG_RST0 = 0xD0;
    private static final int JPEG_RST7 = 0xD7;
    private static final int JPEG_STUFFED_ZERO = 0x00;
    private static final int JPEG_LENGTH_BYTES = 2;

    /** "RIFF", the RIFF size and "WEBP". */
    private static final int RIFF_HEADER_BYTES = 12;
    /** The part of the RIFF size taken by "WEBP". */
    private static final int WEBP_FORM_BYTES = 4;
    /** The part of a RIFF file its RIFF size does not count: "RIFF" and the size itself. */
    private static final int RIFF_PREAMBLE_BYTES = 8;

    private final ImageFormat format;
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private long offset;

    private ImageStructure(ImageFormat format, InputStream in) {
        this.format = format;
        this.in = in;
    }

    /**
     * Reads {@code in}, positioned at the image's first byte, as far as the image's structure goes.
     * {@code in} is left open.
     *
     * @throws ImageRejectedException ({@link Reason#CORRUPT}) when the image is truncated, a PNG
     *     chunk fails its CRC, or the structure is otherwise broken
     * @throws IOException when reading {@code in} fails
     */
    static void verify(ImageFormat format, InputStream in) throws ImageRejectedException, IOException {
        ImageStructure structure = new ImageStructure(Objects.requireNonNull(format, "format"),
                Objects.requireNonNull(in, "in"));
        switch (format) {
            case PNG -> structure.walkPng();
            case JPEG -> structure.walkJpeg();
            case WEBP -> structure.walkWebp();
        }
    }

    private void walkPng() throws ImageRejectedException, IOException {
        skip(PNG_SIGNATURE_BYTES);
        CRC32 crc = new CRC32();
        int type;
        do {
            long chunkOffset = offset;
            long length = readInt() & 0xFFFF_FFFFL;
            if (length > Integer.MAX_VALUE) {
                throw corrupt("its chunk at byte " + chunkOffset + " declares " + length + " bytes");
            }
            crc.reset();
            type = readInt();
            crc.update(type >>> 24);
            crc.update(type >>> 16);
            crc.update(type >>> 8);
            crc.update(type);
            consume(length, crc);
            if ((int) crc.getValue() != readInt()) {
                throw corrupt("its " + chunkName(type) + " chunk at byte " + chunkOffset + " fails its CRC check");
            }
        } while (type != PNG_IEND);
    }

    private void walkJpeg() throws ImageRejectedException, IOException {
        if (readByte() != JPEG_MARKER || readByte() != JPEG_SOI) {
            throw corrupt("it does not start with a start-of-image marker");
        }
        int marker = nextMarker();
        while (marker != JPEG_EOI) {
            if (isStandalone(marker)) {
                marker = nextMarker();
                continue;
            }
            int length = readByte() << 8 | readByte();
            if (length < JPEG_LENGTH_BYTES) {
                throw corrupt("its segment at byte " + (offset - JPEG_LENGTH_BYTES) + " declares " + length + " bytes");
            }
            skip(length - JPEG_LENGTH_BYTES);
            marker = marker == JPEG_SOS ? markerAfterScan() : nextMarker();
        }
    }

    /** The marker at the current position, after any fill bytes. */
    private int nextMarker() throws ImageRejectedException, IOException {
        if (readByte() != JPEG_MARKER) {
            throw corrupt("byte " + (offset - 1) + " is not a marker where one must begin");
        }
        int marker = readByte();
        while (marker == JPEG_MARKER) {
            marker = readByte();
        }
        if (marker == JPEG_STUFFED_ZERO) {
            throw corrupt("byte " + (offset - 2) + " is not a marker where one must begin");
        }
        return marker;
    }

    /** Skips the entropy-coded data of a scan (stuffed zeros and restart markers included) to the marker after it. */
    private int markerAfterScan() throws ImageRejectedException, IOException {
        while (true) {
            if (readByte() != JPEG_MARKER) {
                continue;
            }
            int marker = readByte();
            while (marker == JPEG_MARKER) {
                marker = readByte();
            }
            if (marker != JPEG_STUFFED_ZERO && !isRestart(marker)) {
                return marker;
            }
        }
    }

    private static boolean isStandalone(int marker) {
        return marker == JPEG_TEM || marker == JPEG_SOI || isRestart(marker);
    }

    private static boolean isRestart(int marker) {
        return marker >= JPEG_RST0 && marker <= JPEG_RST7;
    }

    private void walkWebp() throws ImageRejectedException, IOException {
        skip(WEBP_FORM_BYTES);
        long riffSize = readIntLittleEndian() & 0xFFFF_FFFFL;
        skip(WEBP_FORM_BYTES);
        long end = riffSize + RIFF_PREAMBLE_BYTES;
        if (end < RIFF_HEADER_BYTES) {
            throw corrupt("its RIFF size of " + riffSize + " bytes is too small");
        }
        while (offset < end) {
            long chunkOffset = offset;
            skip(WEBP_FORM_BYTES);
            long size = readIntLittleEndian() & 0xFFFF_FFFFL;
            long padded = size + (size & 1);
            if (offset + padded > end) {
                throw corrupt("its chunk at byte " + chunkOffset + " does not fit its RIFF size of " + riffSize + " bytes");
            }
            consume(padded, null);
        }
        if (fill()) {
            throw corrupt("it is longer than its RIFF size of " + riffSize + " bytes");
        }
    }

    private int readInt() throws ImageRejectedException, IOException {
        return readByte() << 24 | readByte() << 16 | readByte() << 8 | readByte();
    }

    private int readIntLittleEndian() throws ImageRejectedException, IOException {
        return readByte() | readByte() << 8 | readByte() << 16 | readByte() << 24;
    }

    private int readByte() throws ImageRejectedException, IOException {
        if (position == limit && !fill()) {
            throw truncated();
        }
        offset++;
        return buffer[position++] & 0xFF;
    }

    private void skip(long bytes) throws ImageRejectedException, IOException {
        consume(bytes, null);
    }

    /** Reads {@code bytes} bytes, adding them to {@code crc} when it is not null. */
    private void consume(long bytes, CRC32 crc) throws ImageRejectedException, IOException {
        long remaining = bytes;
        while (remaining > 0) {
            if (position == limit && !fill()) {
                throw truncated();
            }
            int take = (int) Math.min(remaining, limit - position);
            if (crc != null) {
                crc.update(buffer, position, take);
            }
            position += take;
            offset += take;
            remaining -= take;
        }
    }

    /** Refills the buffer when it is used up; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int read = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    private ImageRejectedException truncated() {
        String end = switch (format) {
            case PNG -> "its IEND chunk";
            case JPEG -> "its end-of-image marker";
            case WEBP -> "the end its RIFF size gives";
        };
        return new ImageRejectedException(Reason.CORRUPT, "the " + format + " image is truncated: it ends after "
                + offset + " bytes, before " + end);
    }

    private ImageRejectedException corrupt(String why) {
        return new ImageRejectedException(Reason.CORRUPT, "the " + format + " image is damaged: " + why);
    }

    /** A chunk type as text when it is four ASCII letters, as the PNG specification requires, else in hex. */
    private static String chunkName(int type) {
        StringBuilder name = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            char letter = (char) (type >>> shift & 0xFF);
            if ((letter < 'A' || letter > 'Z') && (letter < 'a' || letter > 'z')) {
                return String.format("0x%08x", type);
            }
            name.append(letter);
        }
        return name.toString();
    }

    private static int fourCc(String code) {
        return code.charAt(0) << 24 | code.charAt(1) << 16 | code.charAt(2) << 8 | code.charAt(3);
    }
}
