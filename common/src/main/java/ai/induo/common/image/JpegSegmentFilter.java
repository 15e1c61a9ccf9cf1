package ai.induo.common.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Copies a JPEG without its metadata segments: every {@code APP1}..{@code APP15} segment (EXIF, XMP,
 * ICC profiles, IPTC, maker data) and every comment ({@code COM}) goes, as do bytes after the
 * end-of-image marker. Kept: a JFIF {@code APP0}, an Adobe {@code APP14} (its colour-transform flag
 * decides how CMYK and YCCK pixels decode; it holds nothing else), and every segment and scan the
 * pixels need (quantisation and Huffman tables, frame and scan headers, restart intervals, the
 * entropy-coded data). The EXIF orientation is read from the first EXIF segment before it goes.
 * Where the bytes stop following the JPEG structure the rest is copied as it is, for the structure
 * check that follows to refuse.
 */
final class JpegSegmentFilter {

    private static final int MARKER = 0xFF;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int TEM = 0x01;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP14 = 0xEE;
    private static final int APP15 = 0xEF;
    private static final int COM = 0xFE;
    private static final int STUFFED_ZERO = 0x00;
    private static final int LENGTH_BYTES = 2;
    /** What {@link #nextMarker} and {@link #copyScan} answer when the stream ended or the rest was copied. */
    private static final int DONE = -1;

    private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);

    private final ByteReader in;
    private final OutputStream out;
    private ExifOrientation orientation = ExifOrientation.NORMAL;
    private boolean exifRead;

    private JpegSegmentFilter(ByteReader in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Filters {@code in} to {@code out}; the orientation its EXIF segment gave ({@code NORMAL} without one). */
    static ExifOrientation filter(ByteReader in, OutputStream out) throws IOException {
        JpegSegmentFilter filter = new JpegSegmentFilter(in, out);
        filter.run();
        return filter.orientation;
    }

    private void run() throws IOException {
        in.copy(LENGTH_BYTES, out);
        int marker = nextMarker();
        while (marker != DONE) {
            if (marker == EOI) {
                writeMarker(EOI);
                return;
            }
            if (marker == TEM || marker == SOI || isRestart(marker)) {
                writeMarker(marker);
                marker = nextMarker();
                continue;
            }
            int high = in.read();
            int low = in.read();
            if (low < 0) {
                writeMarker(marker);
                writeIfRead(high);
                return;
            }
            int length = high << 8 | low;
            if (length < LENGTH_BYTES) {
                writeSegmentHeader(marker, length);
                in.copyRest(out);
                return;
            }
            if (isMetadataCandidate(marker)) {
                marker = filterSegment(marker, length);
                continue;
            }
            writeSegmentHeader(marker, length);
            in.copy(length - LENGTH_BYTES, out);
            marker = marker == SOS ? copyScan() : nextMarker();
        }
    }

    /** An APPn or COM segment: kept when the pixels need it, else dropped (its EXIF orientation read first). */
    private int filterSegment(int marker, int length) throws IOException {
        byte[] content = new byte[length - LENGTH_BYTES];
        int read = in.readFully(content);
        boolean kept = marker == APP0 && startsWith(content, JFIF) || marker == APP14 && startsWith(content, ADOBE);
        if (kept || read < content.length) {
            writeSegmentHeader(marker, length);
            out.write(content, 0, read);
            return read < content.length ? DONE : nextMarker();
        }
        if (marker == APP1 && !exifRead && startsWith(content, EXIF)) {
            exifRead = true;
            orientation = ExifOrientation.fromTiff(Arrays.copyOfRange(content, EXIF.length, content.length));
        }
        return nextMarker();
    }

    /** The marker at the current position after any fill bytes; {@link #DONE} where there is none. */
    private int nextMarker() throws IOException {
        int first = in.read();
        if (first != MARKER) {
            writeIfRead(first);
            in.copyRest(out);
            return DONE;
        }
        int marker = in.read();
        while (marker == MARKER) {
            marker = in.read();
        }
        if (marker < 0 || marker == STUFFED_ZERO) {
            out.write(MARKER);
            writeIfRead(marker);
            in.copyRest(out);
            return DONE;
        }
        return marker;
    }

    /** Copies a scan's entropy-coded data, stuffed zeros and restart markers included; the marker after it. */
    private int copyScan() throws IOException {
        while (true) {
            int b = in.read();
            if (b < 0) {
                return DONE;
            }
            if (b != MARKER) {
                out.write(b);
                continue;
            }
            int marker = in.read();
            while (marker == MARKER) {
                marker = in.read();
            }
            if (marker < 0) {
                out.write(MARKER);
                return DONE;
            }
            if (marker != STUFFED_ZERO && !isRestart(marker)) {
                return marker;
            }
            writeMarker(marker);
        }
    }

    private static boolean isMetadataCandidate(int marker) {
        return marker >= APP0 && marker <= APP15 || marker == COM;
    }

    private static boolean isRestart(int marker) {
        return marker >= RST0 && marker <= RST7;
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        return content.length >= prefix.length && Arrays.equals(content, 0, prefix.length, prefix, 0, prefix.length);
    }

    private void writeMarker(int marker) throws IOException {
        out.write(MARKER);
        out.write(marker);
    }

    private void writeSegmentHeader(int marker, int length) throws IOException {
        writeMarker(marker);
        out.write(length >>> 8);
        out.write(length);
    }

    private void writeIfRead(int b) throws IOException {
        if (b >= 0) {
            out.write(b);
        }
    }
}
