package ai.induo.common.image;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Copies an image without what it carries besides its pixels: EXIF (GPS positions, camera serial
 * numbers, times), XMP, IPTC, ICC profiles, comments and text chunks, and bytes after the image's
 * end. It works on the container structure only and decodes no pixel, so it streams (PNG, JPEG),
 * except WebP, whose RIFF size comes first and which is held in memory (the caller bounds the
 * input). A JPEG's EXIF orientation is recorded ({@link #orientation()}) before its EXIF goes, so
 * the caller can turn the image upright ({@link ExifOrientation#apply}). Bytes in no supported
 * format, or that stop following their format's structure, are copied as they are: this is no
 * check, and {@link ImageInspector} refuses such bytes afterwards. One stripper copies one image.
 *
 * <pre>{@code
 * MetadataStripper stripper = new MetadataStripper(upload);
 * store.put(accountId, key, stripper::writeTo);
 * }</pre>
 */
public final class MetadataStripper {

    private final InputStream source;
    private ExifOrientation orientation = ExifOrientation.NORMAL;
    private long written;

    public MetadataStripper(InputStream source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Copies the image from the source, stripped, to {@code out}, which is flushed and left open. */
    public void writeTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        ByteReader in = new ByteReader(source);
        Counting counting = new Counting(out);
        OutputStream buffered = new BufferedOutputStream(counting);
        ImageFormat format = ImageFormat.sniff(in.peek(ImageFormat.SNIFF_BYTES)).orElse(null);
        if (format == null) {
            in.copyRest(buffered);
        } else {
            switch (format) {
                case PNG -> PngChunkFilter.filter(in, buffered);
                case JPEG -> orientation = JpegSegmentFilter.filter(in, buffered);
                case WEBP -> WebpChunkFilter.filter(in, buffered);
            }
        }
        buffered.flush();
        written = counting.count;
    }

    /** The JPEG's EXIF orientation, once {@link #writeTo} has run; {@code NORMAL} for other formats. */
    public ExifOrientation orientation() {
        return orientation;
    }

    /** How many bytes {@link #writeTo} wrote. */
    public long bytesWritten() {
        return written;
    }

    private static final class Counting extends FilterOutputStream {

        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
